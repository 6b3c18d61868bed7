package dev.pymirror.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pymirror.bench.PipRunBench.Variant;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** How {@link PipRunBench} reads the ways of starting the server it compares in one run. */
class PipRunVariantTest {

    @Test
    void withoutVariantsTheCheckoutsLauncherRunsAsItIs() {
        assertThat(Variant.parse(null)).containsExactly(new Variant("./pymirror", null, null));
        assertThat(Variant.parse(" ")).containsExactly(new Variant("./pymirror", null, null));
    }

    @Test
    void eachVariantHasItsOptionsAndMayNameAnotherBuildsLauncher() {
        assertThat(Variant.parse("before=-XX:AOTCache=/a/old.aot -Xlog:aot=off|after=|other@/b/pymirror=-Xmx1g"))
                .containsExactly(new Variant("before", null, "-XX:AOTCache=/a/old.aot -Xlog:aot=off"),
                        new Variant("after", null, ""),
                        new Variant("other", Path.of("/b/pymirror"), "-Xmx1g"));
    }

    @Test
    void aVariantWithoutANameIsRefused() {
        assertThatThrownBy(() -> Variant.parse("before=|-Xmx1g")).hasMessageContaining("'-Xmx1g'");
        assertThatThrownBy(() -> Variant.parse("=-Xmx1g")).hasMessageContaining("NAME[@LAUNCHER]=JAVA_OPTIONS");
    }
}
