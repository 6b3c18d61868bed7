package dev.pymirror.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import org.junit.jupiter.api.Test;

class HttpClientsTest {

    @Test
    void aClientBuiltHereReadsInTheLargerBuffersUnlessTheUserChoseASize() {
        // Whatever ran before in this JVM, only its command line could have chosen another size.
        String chosen = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-D" + HttpClients.BUFFER_SIZE_PROPERTY + "="))
                .map(a -> a.substring(a.indexOf('=') + 1))
                .reduce((first, last) -> last)
                .orElse(Integer.toString(HttpClients.BUFFER_SIZE));
        try (HttpClient client = HttpClients.newBuilder().build()) {
            assertThat(System.getProperty(HttpClients.BUFFER_SIZE_PROPERTY)).isEqualTo(chosen);
        }
    }
}
