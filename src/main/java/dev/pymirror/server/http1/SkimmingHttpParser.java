package dev.pymirror.server.http1;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpStatus;

/**
 * Jetty's request parser, except that complete, well-formed header lines are read in one pass
 * and handed to the request handler directly, when the parser would do nothing with them but
 * hand them over: every header but the four it acts on itself (Content-Length,
 * Transfer-Encoding, Host, Connection).
 *
 * <p>How it stays in step with Jetty: Jetty is only ever skipped over a line when it stands at the
 * start of that line (its field state is {@code FIELD}, which {@link #setState(FieldState)} lets
 * this class follow, and the byte before is the line feed that ended the previous line). The
 * parser is run up to the line's start (the buffer's limit set there), the line is read here, the
 * buffer's position moved past it, and the parser continues after it. The field Jetty had not
 * delivered yet (it waits for the next line, which could have continued it) goes out when it
 * meets the next line, as it would have. Anything this class does not recognise as a plain line
 * (obsolete folding, a bare line feed, control characters, whitespace before the colon, a line
 * not complete in the buffer) is left to Jetty, which accepts or rejects it by its
 * own rules. The bytes read here count towards the request header limit as Jetty counts its own.
 */
public final class SkimmingHttpParser extends HttpParser {

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte SP = ' ';
    private static final byte HTAB = '\t';

    /** Bytes that may appear in a header name: RFC 9110's tchar. */
    private static final boolean[] TCHAR = new boolean[256];

    static {
        for (int b = '0'; b <= '9'; b++) {
            TCHAR[b] = true;
        }
        for (int b = 'A'; b <= 'Z'; b++) {
            TCHAR[b] = true;
            TCHAR[b + 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    /** The headers the parser acts on itself, lower case: these lines are always left to it. */
    private static final byte[][] ACTED_ON = {
        bytes("host"), bytes("connection"), bytes("content-length"), bytes("transfer-encoding")};

    private final int maxHeaderBytes;
    private final boolean namesAsSent;
    /**
     * The last line {@link #lineEnd} accepted (the one {@link #nextSkimmableLine} returned): where it
     * starts, its colon, and where it ends.
     */
    private int acceptedLine = -1;
    private int acceptedColon;
    private int acceptedEnd;
    private FieldState fieldState = FieldState.FIELD;
    private int skimmedBytes;

    public SkimmingHttpParser(RequestHandler handler, int maxHeaderBytes, HttpCompliance compliance) {
        super(handler, maxHeaderBytes, compliance);
        this.maxHeaderBytes = maxHeaderBytes;
        this.namesAsSent = compliance.allows(HttpCompliance.Violation.CASE_SENSITIVE_FIELD_NAME);
    }

    @Override
    protected void setState(FieldState state) {
        super.setState(state);
        fieldState = state;
    }

    @Override
    protected void setState(State state) {
        super.setState(state);
        if (state == State.START) {
            skimmedBytes = 0;
        }
    }

    @Override
    protected boolean parseFields(ByteBuffer buffer) {
        int limit = buffer.limit();
        try {
            while (getState() == State.HEADER && atLineStart(buffer)) {
                int line = nextSkimmableLine(buffer, buffer.position(), limit);
                if (line < 0) {
                    break;
                }
                boolean stop = parseByJetty(buffer, line);
                if (stop || buffer.position() != line || getState() != State.HEADER || !atLineStart(buffer)) {
                    return stop || parseByJetty(buffer, limit);
                }
                buffer.position(skim(buffer));
            }
            return parseByJetty(buffer, limit);
        } finally {
            buffer.limit(limit);
        }
    }

    /**
     * Lets Jetty parse up to {@code upTo}. Jetty counts the header bytes it reads against the limit,
     * not the ones read here: once lines were skimmed, it is given no more than what is left of the
     * limit (and one byte), and going past it is refused as Jetty refuses it.
     */
    private boolean parseByJetty(ByteBuffer buffer, int upTo) {
        int limit = buffer.limit();
        boolean counting = skimmedBytes > 0 && maxHeaderBytes > 0;
        if (counting) {
            long left = Math.max(0, maxHeaderBytes - skimmedBytes - getHeaderLength());
            upTo = (int) Math.min(upTo, buffer.position() + left + 1);
        }
        buffer.limit(upTo);
        try {
            boolean stop = super.parseFields(buffer);
            if (counting && getState() == State.HEADER && getHeaderLength() + skimmedBytes > maxHeaderBytes) {
                throw new BadMessageException(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431);
            }
            return stop;
        } finally {
            buffer.limit(limit);
        }
    }

    /** Jetty stands at the start of a header line: between fields, just past a line feed. */
    private boolean atLineStart(ByteBuffer buffer) {
        int p = buffer.position();
        return fieldState == FieldState.FIELD && p > 0 && buffer.get(p - 1) == LF;
    }

    /**
     * The start of the first line at or after {@code from} (itself a line start) that {@link #skim}
     * takes, or -1 when the header section ends (or the buffer does) first.
     */
    private int nextSkimmableLine(ByteBuffer buffer, int from, int limit) {
        int line = from;
        while (line < limit) {
            byte first = buffer.get(line);
            if (first == CR || first == LF) {
                return -1; // the empty line: what follows is the body
            }
            if (lineEnd(buffer, line, limit) >= 0) {
                return line;
            }
            int lf = indexOf(buffer, LF, line, limit);
            if (lf < 0) {
                return -1;
            }
            line = lf + 1;
        }
        return -1;
    }

    /**
     * Where the line at {@code line} ends (the index after its CRLF) when it is a plain header line
     * this parser may take, else -1.
     */
    private int lineEnd(ByteBuffer buffer, int line, int limit) {
        int colon = line;
        while (colon < limit && TCHAR[buffer.get(colon) & 0xff]) {
            colon++;
        }
        if (colon == line || colon >= limit || buffer.get(colon) != ':' || actedOn(buffer, line, colon - line)) {
            return -1;
        }
        for (int i = colon + 1; i < limit; i++) {
            int b = buffer.get(i) & 0xff;
            if (b == CR) {
                // CRLF, and a next line that does not continue this one (Jetty decides about those).
                if (i + 2 >= limit || buffer.get(i + 1) != LF) {
                    return -1;
                }
                byte next = buffer.get(i + 2);
                if (next == SP || next == HTAB) {
                    return -1;
                }
                acceptedLine = line;
                acceptedColon = colon;
                acceptedEnd = i + 2;
                return acceptedEnd;
            }
            if (b < 0x20 && b != HTAB || b == 0x7f) {
                return -1; // a bare LF or a control character: Jetty's to judge
            }
        }
        return -1;
    }

    /** Whether the parser acts on this header itself (compared as Jetty does, ignoring case). */
    private static boolean actedOn(ByteBuffer buffer, int name, int length) {
        for (byte[] known : ACTED_ON) {
            if (known.length == length) {
                int i = 0;
                // Lower-casing by setting bit 5 is exact here: the known names hold letters and '-' only.
                while (i < length && (buffer.get(name + i) | 0x20) == known[i]) {
                    i++;
                }
                if (i == length) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Reads the line {@link #lineEnd} accepted last, delivers its field, returns where the line ends. */
    private int skim(ByteBuffer buffer) {
        int line = acceptedLine;
        int end = acceptedEnd;
        skimmedBytes += end - line;
        if (maxHeaderBytes > 0 && getHeaderLength() + skimmedBytes > maxHeaderBytes) {
            throw new BadMessageException(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431);
        }
        int colon = acceptedColon;
        int from = colon + 1;
        int to = end - 2;
        while (from < to && (buffer.get(from) == SP || buffer.get(from) == HTAB)) {
            from++;
        }
        while (to > from && (buffer.get(to - 1) == SP || buffer.get(to - 1) == HTAB)) {
            to--;
        }
        String name = text(buffer, line, colon);
        HttpHeader header = HttpHeader.CACHE.get(name);
        // Spelled as Jetty would: its table of known "Name: " prefixes gives the usual spelling,
        // unless the compliance mode keeps the client's; without the space, the client's.
        boolean usual = header != null && !namesAsSent && buffer.get(colon + 1) == SP;
        String spelled = usual ? header.asString() : name;
        getHandler().parsedHeader(newHttpField(header, spelled, text(buffer, from, to)));
        return end;
    }

    private static byte[] bytes(String ascii) {
        return ascii.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(ByteBuffer buffer, int from, int to) {
        byte[] bytes = new byte[to - from];
        buffer.get(from, bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static int indexOf(ByteBuffer buffer, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer.get(i) == b) {
                return i;
            }
        }
        return -1;
    }
}
