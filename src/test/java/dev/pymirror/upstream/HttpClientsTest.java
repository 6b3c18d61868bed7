package dev.pymirror.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpClient;
import org.junit.jupiter.api.Test;

class HttpClientsTest {

    @Test
    void aClientBuiltHereReadsInTheLargerBuffersUnlessTheUserChoseASize() {
        String before = System.getProperty(HttpClients.BUFFER_SIZE_PROPERTY);
        try (HttpClient client = HttpClients.newBuilder().build()) {
            // Either this class set it (the JVM was started without it), or the user's value stands.
            String expected = before == null ? Integer.toString(HttpClients.BUFFER_SIZE) : before;
            assertEquals(expected, System.getProperty(HttpClients.BUFFER_SIZE_PROPERTY));
        }
    }
}
