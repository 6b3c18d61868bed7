package dev.pymirror.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHashTest {

    @Test
    void aHashVerifiesItsPasswordOnlyAndIsSaltedAnew() {
        String hash = PasswordHash.hash("correct horse".toCharArray());
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("correct horse");
        assertThat(PasswordHash.verify(hash, "correct horse".toCharArray())).isTrue();
        assertThat(PasswordHash.verify(hash, "correct horsE".toCharArray())).isFalse();
        assertThat(PasswordHash.verify(hash, "".toCharArray())).isFalse();
        assertThat(PasswordHash.hash("correct horse".toCharArray())).isNotEqualTo(hash);
    }

    @Test
    void nonAsciiPasswordsAreHashedAsUtf8() {
        String hash = PasswordHash.hash("pässwörd-日本".toCharArray());
        assertThat(PasswordHash.verify(hash, "pässwörd-日本".toCharArray())).isTrue();
        assertThat(PasswordHash.verify(hash, "passwort-日本".toCharArray())).isFalse();
    }

    @Test
    void aHashWithOtherParametersStillVerifies() {
        // The reference Argon2id vector of the PHC string format: password "password", salt "somesalt".
        String reference = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
        assertThat(PasswordHash.verify(reference, "password".toCharArray())).isTrue();
        assertThat(PasswordHash.verify(reference, "Password".toCharArray())).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "$argon2i$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "$argon2id$v=16$m=19456,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "$argon2id$v=19$m=99999999,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "$argon2id$v=19$m=19456,t=2,p=1$!!!$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "$argon2id$v=19$m=19456,t=x,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "$argon2id$v=19$q=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"})
    void damagedHashesVerifyNothing(String damaged) {
        assertThat(PasswordHash.verify(damaged, "password".toCharArray())).isFalse();
    }
}
