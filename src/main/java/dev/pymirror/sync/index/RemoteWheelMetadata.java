package dev.pymirror.sync.index;

import dev.pymirror.upstream.RangedFile;
import dev.pymirror.upstream.UpstreamException;
import dev.pymirror.upstream.UpstreamIndex;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads a wheel's METADATA from the upstream without downloading the wheel: the zip's end record
 * and central directory from the end of the file, then the one entry, each with an HTTP range
 * request. A wheel of many megabytes costs a few kilobytes this way.
 *
 * <p>When the server does not honour ranges it sends the whole file instead; {@link #read} then
 * answers {@link Result.NoRanges}, and the caller downloads the wheel whole.
 */
final class RemoteWheelMetadata {

    /** The end of a zip: its end record (22 bytes and a comment of up to 64 KiB) and usually the directory. */
    private static final int TAIL = 64 * 1024;
    private static final int EOCD = 0x06054b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int ZIP64_EOCD = 0x06064b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int LOCAL = 0x04034b50;
    private static final long MAX_DIRECTORY = 64L << 20;
    private static final long MAX_METADATA = 16L << 20;
    /** Room for a local header's extra field, which may differ from the central one. */
    private static final int LOCAL_EXTRA_ALLOWANCE = 1024;

    private final UpstreamIndex upstream;

    RemoteWheelMetadata(UpstreamIndex upstream) {
        this.upstream = upstream;
    }

    /** What reading gave. */
    sealed interface Result {
        /** The METADATA bytes. */
        record Found(byte[] metadata) implements Result {}

        /** The server sent whole files instead of ranges. */
        record NoRanges() implements Result {}

        /** The upstream has no such file. */
        record Missing() implements Result {}
    }

    /** The zip is not one: an answer for people, not a transport failure. */
    static final class NotAWheel extends Exception {
        NotAWheel(String message) {
            super(message);
        }
    }

    Result read(URI url) throws UpstreamException, NotAWheel {
        Optional<Chunk> tail = fetch(url, "bytes=-" + TAIL);
        if (tail.isEmpty()) {
            return new Result.Missing();
        }
        if (tail.get() == Chunk.WHOLE) {
            return new Result.NoRanges();
        }
        Chunk end = tail.get();
        Directory dir = directory(url, end);
        Chunk central = end.covers(dir.offset(), dir.size()) ? end
                : fetchRange(url, dir.offset(), dir.size());
        Entry entry = findMetadata(central, dir);
        long want = 30L + entry.nameLength() + LOCAL_EXTRA_ALLOWANCE + entry.compressedSize();
        Chunk local = end.covers(entry.localOffset(), want) ? end : fetchRange(url, entry.localOffset(), want);
        ByteBuffer header = local.at(entry.localOffset(), 30);
        if (header.getInt() != LOCAL) {
            throw new NotAWheel("the local header of METADATA is missing");
        }
        int nameLength = Short.toUnsignedInt(header.getShort(26));
        int extraLength = Short.toUnsignedInt(header.getShort(28));
        long dataOffset = entry.localOffset() + 30 + nameLength + extraLength;
        if (!local.covers(dataOffset, entry.compressedSize())) {
            local = fetchRange(url, dataOffset, entry.compressedSize());
        }
        byte[] data = new byte[(int) entry.compressedSize()];
        local.at(dataOffset, data.length).get(data);
        return new Result.Found(inflate(entry, data));
    }

    /** Bytes of the file from {@code offset} on. */
    private record Chunk(long offset, byte[] bytes, long total) {
        static final Chunk WHOLE = new Chunk(-1, new byte[0], -1);

        boolean covers(long from, long length) {
            return from >= offset && from + length <= offset + bytes.length;
        }

        ByteBuffer at(long from, int length) throws NotAWheel {
            if (!covers(from, length)) {
                throw new NotAWheel("the zip's records point outside the file");
            }
            return ByteBuffer.wrap(bytes, (int) (from - offset), length).slice().order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    private Optional<Chunk> fetch(URI url, String range) throws UpstreamException {
        Optional<RangedFile> answer = upstream.openRange(url, range);
        if (answer.isEmpty()) {
            return Optional.empty();
        }
        RangedFile ranged = answer.get();
        if (!ranged.partial()) {
            try {
                ranged.file().body().close(); // the whole file: the caller fetches it properly
            } catch (IOException ignored) {
                // Abandoning an answer we will not read.
            }
            return Optional.of(Chunk.WHOLE);
        }
        try (InputStream in = ranged.file().body()) {
            byte[] bytes = readLimited(in, url);
            return Optional.of(new Chunk(ranged.offset(), bytes, ranged.totalLength()));
        } catch (UpstreamException e) {
            throw e;
        } catch (IOException e) {
            throw new UpstreamException(UpstreamException.Kind.TRUNCATED, url, "a range answer broke off: "
                    + e.getMessage(), e);
        }
    }

    private Chunk fetchRange(URI url, long offset, long length) throws UpstreamException, NotAWheel {
        if (length > MAX_DIRECTORY) {
            throw new NotAWheel("a zip record of " + length + " bytes is more than a wheel's metadata needs");
        }
        Optional<Chunk> chunk = fetch(url, "bytes=" + offset + "-" + (offset + length - 1));
        if (chunk.isEmpty() || chunk.get() == Chunk.WHOLE) {
            throw new UpstreamException(UpstreamException.Kind.MALFORMED, url,
                    "the upstream answered one range request and not the next");
        }
        return chunk.get();
    }

    private static byte[] readLimited(InputStream in, URI url) throws IOException {
        byte[] bytes = in.readNBytes((int) MAX_DIRECTORY + 1);
        if (bytes.length > MAX_DIRECTORY) {
            throw new UpstreamException(UpstreamException.Kind.TOO_LARGE, url, "a range answer is larger than asked");
        }
        return bytes;
    }

    private record Directory(long offset, long size, long entries) {}

    private static Directory directory(URI url, Chunk end) throws NotAWheel {
        byte[] b = end.bytes();
        for (int i = b.length - 22; i >= 0; i--) {
            ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            if (buf.getInt(i) != EOCD) {
                continue;
            }
            long entries = Short.toUnsignedInt(buf.getShort(i + 10));
            long size = Integer.toUnsignedLong(buf.getInt(i + 12));
            long offset = Integer.toUnsignedLong(buf.getInt(i + 16));
            if ((entries == 0xFFFF || size == 0xFFFFFFFFL || offset == 0xFFFFFFFFL) && i >= 20
                    && buf.getInt(i - 20) == ZIP64_LOCATOR) {
                long recordAt = buf.getLong(i - 20 + 8);
                ByteBuffer z = end.at(recordAt, 56);
                if (z.getInt(0) != ZIP64_EOCD) {
                    throw new NotAWheel("the zip64 end record is missing");
                }
                entries = z.getLong(32);
                size = z.getLong(40);
                offset = z.getLong(48);
            }
            if (size > MAX_DIRECTORY) {
                throw new NotAWheel("the zip's directory is " + size + " bytes; that is no wheel");
            }
            return new Directory(offset, size, entries);
        }
        throw new NotAWheel("not a zip archive: no end record in its last " + b.length + " bytes");
    }

    private record Entry(int method, long compressedSize, long size, long localOffset, int nameLength) {}

    private static Entry findMetadata(Chunk central, Directory dir) throws NotAWheel {
        ByteBuffer buf = central.at(dir.offset(), (int) dir.size());
        Entry found = null;
        int pos = 0;
        while (pos + 46 <= buf.limit()) {
            if (buf.getInt(pos) != CENTRAL) {
                throw new NotAWheel("the zip's directory is damaged");
            }
            int method = Short.toUnsignedInt(buf.getShort(pos + 10));
            long compressed = Integer.toUnsignedLong(buf.getInt(pos + 20));
            long size = Integer.toUnsignedLong(buf.getInt(pos + 24));
            int nameLength = Short.toUnsignedInt(buf.getShort(pos + 28));
            int extraLength = Short.toUnsignedInt(buf.getShort(pos + 30));
            int commentLength = Short.toUnsignedInt(buf.getShort(pos + 32));
            long localOffset = Integer.toUnsignedLong(buf.getInt(pos + 42));
            if (pos + 46 + nameLength + extraLength > buf.limit()) {
                throw new NotAWheel("the zip's directory is damaged");
            }
            byte[] nameBytes = new byte[nameLength];
            buf.get(pos + 46, nameBytes);
            String name = new String(nameBytes, StandardCharsets.UTF_8);
            int slash = name.indexOf('/');
            if (slash > 0 && slash == name.lastIndexOf('/') && name.substring(0, slash).endsWith(".dist-info")
                    && name.substring(slash + 1).equals("METADATA")) {
                if (found != null) {
                    throw new NotAWheel("the wheel holds more than one .dist-info/METADATA");
                }
                // A zip64 extra field holds the values that did not fit, in this order.
                int extra = pos + 46 + nameLength;
                int extraEnd = extra + extraLength;
                while (extra + 4 <= extraEnd) {
                    int id = Short.toUnsignedInt(buf.getShort(extra));
                    int length = Short.toUnsignedInt(buf.getShort(extra + 2));
                    if (id == 0x0001) {
                        int field = extra + 4;
                        if (size == 0xFFFFFFFFL) {
                            size = buf.getLong(field);
                            field += 8;
                        }
                        if (compressed == 0xFFFFFFFFL) {
                            compressed = buf.getLong(field);
                            field += 8;
                        }
                        if (localOffset == 0xFFFFFFFFL) {
                            localOffset = buf.getLong(field);
                        }
                    }
                    extra += 4 + length;
                }
                found = new Entry(method, compressed, size, localOffset, nameLength);
            }
            pos += 46 + nameLength + extraLength + commentLength;
        }
        if (found == null) {
            throw new NotAWheel("the wheel holds no .dist-info/METADATA");
        }
        if (found.size() > MAX_METADATA || found.compressedSize() > MAX_METADATA) {
            throw new NotAWheel("METADATA is " + found.size() + " bytes; that is no metadata file");
        }
        return found;
    }

    private static byte[] inflate(Entry entry, byte[] data) throws NotAWheel {
        if (entry.method() == 0) {
            return data;
        }
        if (entry.method() != 8) {
            throw new NotAWheel("METADATA is compressed with method " + entry.method() + ", which wheels do not use");
        }
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(data);
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.max(64, entry.size()));
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new NotAWheel("METADATA's compressed data ends early");
                }
                out.write(buffer, 0, n);
                if (out.size() > MAX_METADATA) {
                    throw new NotAWheel("METADATA inflates past " + MAX_METADATA + " bytes");
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new NotAWheel("METADATA's compressed data is damaged: " + e.getMessage());
        } finally {
            inflater.end();
        }
    }
}
