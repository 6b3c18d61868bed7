package dev.pymirror.simple;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The checks a mirror makes on a PEP 740 provenance object (what a file's {@code provenance} URL
 * answers) before it keeps and serves it: a JSON object with a numeric {@code version} and an
 * {@code attestation_bundles} array. The attestations themselves are left to the client that
 * verifies them; a mirror only refuses to keep something that is not a provenance object at all (an
 * error page, a truncated body), which it would otherwise serve for good.
 */
public final class ProvenanceObject {

    /** The suffix under which a mirror keeps and serves a file's provenance: {@code <file>.provenance}. */
    public static final String SUFFIX = ".provenance";

    private static final JsonFactory FACTORY = new JsonFactory();

    private ProvenanceObject() {}

    /**
     * @throws InvalidPageException naming what is wrong when {@code bytes} is not a provenance object
     */
    public static void check(byte[] bytes) {
        boolean version = false;
        boolean bundles = false;
        try (JsonParser parser = FACTORY.createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidPageException("A provenance object must be a JSON object", "");
            }
            for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
                String key = parser.currentName();
                JsonToken value = parser.nextToken();
                if (key.equals("version")) {
                    version = value == JsonToken.VALUE_NUMBER_INT;
                } else if (key.equals("attestation_bundles")) {
                    bundles = value == JsonToken.START_ARRAY;
                }
                parser.skipChildren();
            }
            if (parser.nextToken() != null) {
                throw new InvalidPageException("A provenance object must be one JSON object, found more after it", "");
            }
        } catch (JsonProcessingException e) {
            throw new InvalidPageException("Malformed JSON in a provenance object: " + e.getOriginalMessage(), "", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen: the bytes are in memory
        }
        if (!version || !bundles) {
            throw new InvalidPageException("A provenance object needs an integer 'version' and an"
                    + " 'attestation_bundles' array (PEP 740)", "");
        }
    }
}
