package dev.pymirror.packaging.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.requirements.Environment;
import dev.pymirror.packaging.version.SpecifierSet;
import dev.pymirror.packaging.version.Version;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CoreMetadataTest {

    private static final String WHEEL_METADATA = """
            Metadata-Version: 2.4
            Name: Acme.Widgets
            Version: 2.0.0rc1
            Summary: Widgets for everyone
            Requires-Python: >=3.9, !=3.10.*
            License-Expression: MIT
            License-File: LICENSE
            Provides-Extra: Speed_Ups
            Provides-Extra: cli
            Requires-Dist: numpy>=1.26
            Requires-Dist: click>=8; extra == "cli"
            Requires-Dist: uvloop; extra == "speed-ups" and sys_platform != "win32"

            # Acme widgets
            """;

    @Test
    void interpretsTheFieldsAResolverUses() {
        CoreMetadata m = CoreMetadata.parse(WHEEL_METADATA.getBytes(StandardCharsets.UTF_8));
        assertThat(m.metadataVersion()).hasToString("2.4");
        assertThat(m.name()).isEqualTo(ProjectName.of("acme-widgets"));
        assertThat(m.name().original()).isEqualTo("Acme.Widgets");
        assertThat(m.version()).isEqualTo(Version.parse("2.0.0rc1"));
        assertThat(m.summary()).isEqualTo("Widgets for everyone");
        assertThat(m.requiresPython()).isEqualTo(SpecifierSet.parse("!=3.10.*,>=3.9"));
        assertThat(m.requiresDist()).extracting(r -> r.name().normalized()).containsExactly("numpy", "click", "uvloop");
        assertThat(m.providesExtra()).containsExactly("speed-ups", "cli");
        assertThat(m.description()).isEqualTo("# Acme widgets\n");
        assertThat(m.raw().first("License-Expression")).isEqualTo("MIT");
        assertThat(m.unknownFields()).isEmpty();
        assertThat(m.dependenciesAreReliable()).isTrue();

        Environment linux = Environment.forTarget("3.12", "manylinux_2_28_x86_64");
        assertThat(m.requiresDist().get(2).marker().evaluate(linux, "speed_ups")).isTrue();
        assertThat(m.requiresDist().get(2).marker().evaluate(linux)).isFalse();
    }

    @Test
    void anOldPkgInfoWithoutRequirementsParses() {
        CoreMetadata m = CoreMetadata.parse("Metadata-Version: 1.0\nName: old\nVersion: 0.1\nDescription: x\n");
        assertThat(m.requiresDist()).isEmpty();
        assertThat(m.requiresPython()).isEqualTo(SpecifierSet.ANY);
        assertThat(m.dependenciesAreReliable()).as("before 2.2 nothing promises the sdist's dependencies").isFalse();
        assertThat(m.description()).isEqualTo("x");
    }

    @Test
    void sdistDependenciesAreReliableOnlyWhenNotDynamic() {
        String base = "Metadata-Version: 2.2\nName: s\nVersion: 1\n";
        assertThat(CoreMetadata.parse(base).dependenciesAreReliable()).isTrue();
        assertThat(CoreMetadata.parse(base + "Dynamic: Requires-Dist\n").dependenciesAreReliable()).isFalse();
        assertThat(CoreMetadata.parse(base + "Dynamic: requires-python\n").dependenciesAreReliable()).isFalse();
        assertThat(CoreMetadata.parse(base + "Dynamic: Summary\n").dependenciesAreReliable()).isTrue();
    }

    @Test
    void fieldsFromNewerToolsAreKeptAndListed() {
        CoreMetadata m = CoreMetadata.parse("Metadata-Version: 2.5\nName: n\nVersion: 1\nImport-Name: n\n");
        assertThat(m.unknownFields()).containsExactly("import-name");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Name: n\nVersion: 1\n|Metadata-Version: is missing",
        "Metadata-Version: 9.0\nName: n\nVersion: 1\n|Metadata-Version: major version 9",
        "Metadata-Version: 2.1\nVersion: 1\n|Name: is missing",
        "Metadata-Version: 2.1\nName: bad name!\nVersion: 1\n|Name: A project name may hold only",
        "Metadata-Version: 2.1\nName: n\n|Version: is missing",
        "Metadata-Version: 2.1\nName: n\nVersion: one\n|Version: ",
        "Metadata-Version: 2.1\nName: n\nVersion: 1\nRequires-Python: >=3.x\n|Requires-Python: ",
        "Metadata-Version: 2.1\nName: n\nVersion: 1\nRequires-Dist: foo >=< 1\n|Requires-Dist: ",
        "Metadata-Version: 2.1\nName: n\nVersion: 1\nProvides-Extra: -x\n|Provides-Extra: '-x' is not a valid extra",
        "Metadata-Version: 2.2\nName: n\nVersion: 1\nDynamic: Version\n|Dynamic: 'Version' may not be dynamic",
        "Metadata-Version: 2.2\nName: n\nVersion: 1\nDynamic: Colour\n|Dynamic: 'Colour' is not a core metadata field",
    })
    void everyBrokenFieldIsNamed(String testCase) {
        String[] parts = testCase.split("\\|");
        assertThatThrownBy(() -> CoreMetadata.parse(parts[0]))
                .isInstanceOf(InvalidMetadataException.class)
                .hasMessageStartingWith(parts[1]);
    }

    @Test
    void theFieldAtFaultIsAvailable() {
        assertThatThrownBy(() -> CoreMetadata.parse("Metadata-Version: 2.1\nName: n\nVersion: 1\nRequires-Dist: ;;\n"))
                .isInstanceOfSatisfying(InvalidMetadataException.class, e -> {
                    assertThat(e.field()).isEqualTo("Requires-Dist");
                    assertThat(e.input()).isEqualTo(";;");
                    assertThat(e.getCause()).isNotNull();
                });
    }
}
