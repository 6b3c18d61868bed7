package dev.pymirror.packaging.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RawMetadataTest {

    @Test
    void readsHeadersInOrderWithRepeatsAndTheBody() {
        RawMetadata m = RawMetadata.parse("""
                Metadata-Version: 2.1
                Name: demo
                Version: 1.0
                Requires-Dist: a>=1
                Requires-Dist: b; extra == "x"
                Classifier: Programming Language :: Python

                # Demo

                A body: with a colon.
                """);
        assertThat(m.first("metadata-version")).isEqualTo("2.1");
        assertThat(m.all("Requires-Dist")).containsExactly("a>=1", "b; extra == \"x\"");
        assertThat(m.first("classifier")).isEqualTo("Programming Language :: Python");
        assertThat(m.body()).isEqualTo("# Demo\n\nA body: with a colon.\n");
        assertThat(m.fields().keySet())
                .containsExactly("metadata-version", "name", "version", "requires-dist", "classifier");
        assertThat(m.has("Summary")).isFalse();
        assertThat(m.first("Summary")).isNull();
        assertThat(m.all("Summary")).isEmpty();
    }

    @Test
    void unfoldsContinuationLinesButKeepsTheDescriptionsLines() {
        RawMetadata m = RawMetadata.parse("Name: demo\r\nSummary: a long\r\n  summary\r\n"
                + "Description: first\r\n        second\r\n       |  third indented\r\n        \r\n        last\r\n");
        assertThat(m.first("Summary")).isEqualTo("a long  summary");
        assertThat(m.first("Description")).isEqualTo("first\nsecond\n  third indented\n\nlast");
    }

    @Test
    void aLineThatIsNotAHeaderStartsTheBodyAsPipReadsIt() {
        RawMetadata m = RawMetadata.parse("Name: demo\nthis is not a header\nVersion: 1.0\n");
        assertThat(m.first("Name")).isEqualTo("demo");
        assertThat(m.has("Version")).isFalse();
        assertThat(m.body()).isEqualTo("this is not a header\nVersion: 1.0\n");
    }

    @Test
    void emptyValuesAndAContinuationWithNothingToContinue() {
        RawMetadata m = RawMetadata.parse("  stray\nName:\nVersion:   1.0  \n");
        assertThat(m.first("Name")).isEmpty();
        assertThat(m.first("Version")).isEqualTo("1.0");
        assertThat(m.fields()).hasSize(2);
    }

    @Test
    void bytesAreUtf8AndOldLatin1FilesAreNotLost() {
        byte[] utf8 = "Name: demo\nAuthor: Zoë\n".getBytes(StandardCharsets.UTF_8);
        assertThat(RawMetadata.parse(utf8).first("Author")).isEqualTo("Zoë");
        byte[] latin1 = "Name: demo\nAuthor: Zoë\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(RawMetadata.parse(latin1).first("Author")).isEqualTo("Zoë");
        byte[] bom = "\uFEFFName: demo\n".getBytes(StandardCharsets.UTF_8);
        assertThat(RawMetadata.parse(bom).first("Name")).isEqualTo("demo");
    }

    @Test
    void emptyInputHasNoFieldsAndNullIsAClearError() {
        assertThat(RawMetadata.parse("").fields()).isEmpty();
        assertThat(RawMetadata.parse(new byte[0]).body()).isEmpty();
        assertThatThrownBy(() -> RawMetadata.parse((String) null)).isInstanceOf(InvalidMetadataException.class);
    }

    @Test
    void fieldsAreImmutable() {
        RawMetadata m = RawMetadata.parse("Name: demo\n");
        assertThatThrownBy(() -> m.all("Name").add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> m.fields().put("x", List.of())).isInstanceOf(UnsupportedOperationException.class);
    }
}
