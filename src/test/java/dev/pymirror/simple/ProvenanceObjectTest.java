package dev.pymirror.simple;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProvenanceObjectTest {

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aProvenanceObjectPasses() {
        assertThatCode(() -> ProvenanceObject.check(bytes("{\"version\": 1, \"attestation_bundles\": [{\"publisher\":"
                + " {\"kind\": \"GitHub\", \"repository\": \"acme/lib\"}, \"attestations\": [{}]}], \"other\": null}")))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "<html>502 Bad Gateway</html>", "{\"version\": 1}",
            "{\"attestation_bundles\": []}", "{\"version\": \"1\", \"attestation_bundles\": []}",
            "{\"version\": 1, \"attestation_bundles\": {}}", "{\"version\": 1, \"attestation_bundles\": [",
            "{\"version\": 1, \"attestation_bundles\": []} {}"})
    void anythingElseIsRefusedWithAReason(String text) {
        assertThatThrownBy(() -> ProvenanceObject.check(bytes(text))).isInstanceOf(InvalidPageException.class)
                .hasMessageContaining("provenance object");
    }
}
