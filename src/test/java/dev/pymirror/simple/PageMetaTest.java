package dev.pymirror.simple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PageMetaTest {

    @Test
    void defaultsTo1_0WithoutSerial() {
        assertThat(PageMeta.DEFAULT.apiVersion()).isEqualTo(ApiVersion.V1_0);
        assertThat(PageMeta.DEFAULT.lastSerial()).isEmpty();
        assertThat(new PageMeta(ApiVersion.V1_1, null).lastSerial()).isEmpty();
    }

    @Test
    void derivesCopies() {
        PageMeta meta = PageMeta.of(ApiVersion.V1_1).withLastSerial(5);
        assertThat(meta).isEqualTo(new PageMeta(ApiVersion.V1_1, OptionalLong.of(5)));
        assertThat(meta.withApiVersion(ApiVersion.LATEST)).isEqualTo(new PageMeta(ApiVersion.LATEST, OptionalLong.of(5)));
    }

    @Test
    void refusesInvalidValues() {
        assertThatThrownBy(() -> new PageMeta(null, OptionalLong.empty())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PageMeta.DEFAULT.withLastSerial(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A last serial is never negative: -1");
    }
}
