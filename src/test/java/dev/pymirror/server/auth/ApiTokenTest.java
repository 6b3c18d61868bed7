package dev.pymirror.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiTokenTest {

    @Test
    void aTokenReadsBackAndMatchesOnlyItsOwnHash() {
        ApiToken t = ApiToken.generate();
        assertThat(t.text()).startsWith("pymirror_" + t.id() + "_").hasSize("pymirror_".length() + 12 + 1 + 43);
        assertThat(ApiToken.parse(t.text())).contains(t);
        assertThat(t.matches(t.secretHash())).isTrue();
        assertThat(ApiToken.generate().matches(t.secretHash())).isFalse();
        assertThat(t.matches(null)).isFalse();
        assertThat(t.toString()).doesNotContain(t.secret());
        assertThat(ApiToken.generate().id()).isNotEqualTo(t.id());
    }

    @Test
    void whatIsNoTokenIsNotReadAsOne() {
        assertThat(ApiToken.parse(null)).isEmpty();
        assertThat(ApiToken.parse("password")).isEmpty();
        assertThat(ApiToken.parse("pymirror_")).isEmpty();
        assertThat(ApiToken.parse("pymirror_0123456789ab")).isEmpty();
        assertThat(ApiToken.parse("pymirror_0123456789ab-secret")).isEmpty();
        assertThat(ApiToken.parse("pymirror_0123456789AB_secret")).isEmpty();
        assertThat(ApiToken.parse("pymirror_0123456789ab_secret")).isPresent();
    }
}
