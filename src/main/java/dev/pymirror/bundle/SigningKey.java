package dev.pymirror.bundle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Set;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * The Ed25519 key that signs bundles: made by the JDK, kept as a PKCS#8 PEM file readable by its
 * owner only, beside a {@code .pub} file holding the public key's line.
 */
public final class SigningKey {

    public static final String PRIVATE_FILE = "pymirror-bundle.key";
    public static final String PUBLIC_FILE = "pymirror-bundle.pub";

    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";

    private final PrivateKey key;
    private final PublicKeyText publicKey;

    private SigningKey(PrivateKey key, PublicKeyText publicKey) {
        this.key = key;
        this.publicKey = publicKey;
    }

    public PublicKeyText publicKey() {
        return publicKey;
    }

    /**
     * Makes a key pair and writes it into {@code dir} (made if missing): the private key with mode
     * 0600 from its creation, never readable by others even for a moment. Refuses to replace a key.
     */
    public static PublicKeyText generate(Path dir, String comment) throws IOException {
        KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java has no Ed25519", e);
        }
        Path privateFile = dir.resolve(PRIVATE_FILE);
        Path publicFile = dir.resolve(PUBLIC_FILE);
        for (Path p : new Path[] {privateFile, publicFile}) {
            if (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(p.toString(), null, "a key is there already; it is not replaced");
            }
        }
        Files.createDirectories(dir);
        String pem = BEGIN + "\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(pair.getPrivate().getEncoded()) + "\n" + END + "\n";
        Set<java.nio.file.attribute.PosixFilePermission> owner = PosixFilePermissions.fromString("rw-------");
        try (var channel = Files.newByteChannel(privateFile, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(owner))) {
            channel.write(java.nio.ByteBuffer.wrap(pem.getBytes(StandardCharsets.US_ASCII)));
        }
        Files.setPosixFilePermissions(privateFile, owner);
        PublicKeyText pub = PublicKeyText.of(pair.getPublic()).withComment(comment);
        Files.writeString(publicFile, pub.line() + "\n", StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return pub;
    }

    /** Reads a private key file that {@link #generate} wrote. */
    public static SigningKey read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new BundleException(file + " is not a private key file (no '" + BEGIN + "')");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + BEGIN.length(), end));
            PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
            byte[] raw = ((java.security.interfaces.EdECPrivateKey) key).getBytes()
                    .orElseThrow(() -> new BundleException(file + " holds no Ed25519 key bytes"));
            // The JDK gives no public key from a private one; the curve arithmetic is Bouncy Castle's.
            byte[] pub = new Ed25519PrivateKeyParameters(raw, 0).generatePublicKey().getEncoded();
            return new SigningKey(key, new PublicKeyText(pub, ""));
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new BundleException(file + " is not an Ed25519 private key");
        }
    }

    /** The signature of {@code bytes}. */
    public byte[] sign(byte[] bytes) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(bytes);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with Ed25519", e);
        }
    }
}
