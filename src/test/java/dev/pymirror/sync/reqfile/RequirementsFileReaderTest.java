package dev.pymirror.sync.reqfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequirementsFileReaderTest {

    @TempDir
    Path dir;

    final RequirementsFileReader reader = new RequirementsFileReader(Map.of("PIN", "2.31.0", "EMPTY", "")::get);

    Path write(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    RequirementsSet read(Path file) throws RequirementsFileException {
        return reader.read(List.of(file), List.of(), List.of());
    }

    static List<String> lines(List<RequirementEntry> entries) {
        return entries.stream().map(RequirementEntry::toString).toList();
    }

    /** The message of the error reading {@code lines} as a requirements file, without the directory. */
    String errorOf(String... lines) throws IOException {
        Path file = write("bad.txt", lines);
        try {
            read(file);
        } catch (RequirementsFileException e) {
            return e.getMessage().replace(dir.toString() + "/", "");
        }
        throw new AssertionError("no error for " + List.of(lines));
    }

    @Test
    void readsRequirementsWithExtrasMarkersCommentsAndContinuations() throws Exception {
        Path file = write("requirements.txt",
                "# the web stack",
                "django[bcrypt]~=5.2.17   # LTS",
                "",
                "celery[redis,sqs] >=5.6.3,\\",
                "    <6.0.0",
                "python-magic>=0.4.27,<0.5; sys_platform != 'win32'",
                "requests==${PIN}",
                "  # an indented comment");

        RequirementsSet set = read(file);

        assertThat(lines(set.requirements())).containsExactly(
                file + ":2: django[bcrypt]~=5.2.17",
                file + ":4: celery[redis,sqs]<6.0.0,>=5.6.3",
                file + ":6: python-magic<0.5,>=0.4.27; sys_platform != \"win32\"",
                file + ":7: requests==2.31.0");
        assertThat(set.constraints()).isEmpty();
        assertThat(set.indexUrl()).isEmpty();
        assertThat(set.requireHashes()).isFalse();
    }

    @Test
    void aCommentEndsAContinuation() throws Exception {
        Path file = write("r.txt", "a>=1,\\", "# note", "b");

        assertThat(lines(read(file).requirements())).containsExactly(file + ":1: a>=1", file + ":3: b");
    }

    @Test
    void aHashSignWithoutWhitespaceBeforeItIsNoComment() throws Exception {
        assertThat(errorOf("six==1.16#not-a-comment")).startsWith("bad.txt:1: not a valid requirement: ");
    }

    @Test
    void anUnsetVariableStaysAsWritten() {
        assertThat(catchMessage(() -> read(write("r.txt", "requests==${NOT_SET}"))))
                .contains("r.txt:1: not a valid requirement");
    }

    @Nested
    class Includes {

        @Test
        void areReadRelativeToTheIncludingFile() throws Exception {
            Path top = write("requirements.txt", "-r sub/base.txt", "-c constraints.txt", "top");
            write("sub/base.txt", "--requirement=../shared.txt", "base");
            write("shared.txt", "shared");
            write("constraints.txt", "base<2", "-rconstrained-reqs.txt");
            write("constrained-reqs.txt", "extra-req");

            RequirementsSet set = read(top);

            assertThat(lines(set.requirements())).containsExactly(
                    dir + "/shared.txt:1: shared",
                    dir + "/sub/base.txt:2: base",
                    dir + "/constrained-reqs.txt:1: extra-req",
                    top + ":3: top");
            assertThat(lines(set.constraints())).containsExactly(dir + "/constraints.txt:1: base<2");
        }

        @Test
        void thatAreMissingNameTheLineThatIncludesThem() throws Exception {
            assertThat(errorOf("a", "-r missing.txt")).isEqualTo("bad.txt:2: includes 'missing.txt': no such file");
        }

        @Test
        void inACycleAreRefused() throws Exception {
            write("one.txt", "-r two.txt");
            write("two.txt", "x", "-r one.txt");

            assertThatThrownBy(() -> read(dir.resolve("one.txt")))
                    .isInstanceOf(RequirementsFileException.class)
                    .hasMessage(dir + "/two.txt:2: includes '" + dir + "/one.txt', which is already being read: the"
                            + " includes form a cycle");
        }

        @Test
        void byUrlAreRefused() throws Exception {
            assertThat(errorOf("-r https://example.com/r.txt")).startsWith("bad.txt:1: includes 'https://example.com/r.txt' by URL");
        }

        @Test
        void ofConstraintsWithExtrasAreRefused() throws Exception {
            write("c.txt", "celery[redis]<6");
            Path top = write("r.txt", "-c c.txt");

            assertThatThrownBy(() -> read(top)).hasMessage(dir + "/c.txt:1: a constraint cannot name extras"
                    + " ('celery[redis]<6'); pip refuses them too: constrain the project by name only");
        }
    }

    @Nested
    class Hashes {

        static final String A = "a".repeat(64);
        static final String B = "b".repeat(64);

        @Test
        void arePinnedPerRequirementAndTurnOnHashChecking() throws Exception {
            Path file = write("r.txt",
                    "requests==2.31.0 \\",
                    "    --hash=sha256:" + A + " \\",
                    "    --hash sha256:" + B,
                    "six==1.16.0 --hash=sha512:" + "c".repeat(128));

            RequirementsSet set = read(file);

            assertThat(set.requireHashes()).isTrue();
            assertThat(set.requirements().get(0).hashes().digests()).isEqualTo(Map.of("sha256", java.util.Set.of(A, B)));
            assertThat(set.requirements().get(1).hashes().toString()).isEqualTo("--hash=sha512:" + "c".repeat(128));
        }

        @Test
        void requireEveryRequirementPinnedAndHashed() throws Exception {
            assertThat(errorOf("a==1.0 --hash=sha256:" + A, "b>=1"))
                    .isEqualTo("bad.txt:2: 'b>=1' is not pinned with ==, but hash-checking mode (from bad.txt:1) needs"
                            + " every requirement pinned, as pip does");
            assertThat(errorOf("--require-hashes", "b==1"))
                    .isEqualTo("bad.txt:2: 'b==1' has no --hash, but hash-checking mode (from bad.txt:1) needs one on"
                            + " every requirement, as pip does");
        }

        @Test
        void thatAreMalformedAreNamed() throws Exception {
            assertThat(errorOf("a==1 --hash=md5:abc")).isEqualTo("bad.txt:1: --hash algorithm 'md5' is not one pip accepts"
                    + " (sha256, sha384, sha512)");
            assertThat(errorOf("a==1 --hash=sha256:xyz")).isEqualTo("bad.txt:1: --hash sha256 digest must be 64 hex"
                    + " digits; found 'xyz'");
            assertThat(errorOf("a==1 --hash")).isEqualTo("bad.txt:1: --hash needs a value");
            assertThat(errorOf("a==1 --hash=" + A)).startsWith("bad.txt:1: --hash takes algorithm:digest");
        }

        @Test
        void matchFilesByAnyAlgorithmBothSidesKnow() {
            HashPins pins = HashPins.parse("sha256:" + A).plus(HashPins.parse("sha256:" + B));

            assertThat(pins.admits(Map.of("sha256", A))).isTrue();
            assertThat(pins.admits(Map.of("sha256", "d".repeat(64)))).isFalse();
            assertThat(pins.admits(Map.of("md5", "abc"))).isTrue(); // only the bytes can tell
            assertThat(pins.matchesDigests(Map.of("sha256", B, "md5", "x"))).isTrue();
            assertThat(pins.matchesDigests(Map.of("sha256", "d".repeat(64)))).isFalse();
            assertThat(pins.intersect(HashPins.parse("sha256:" + B))).isEqualTo(HashPins.parse("sha256:" + B));
            assertThat(pins.intersect(HashPins.parse("sha256:" + "d".repeat(64))).admits(Map.of("sha256", A))).isFalse();
        }
    }

    @Nested
    class WhatAMirrorCannotHold {

        @Test
        void editableRequirementsAreRefusedWithTheLineAndWhy() throws Exception {
            assertThat(errorOf("a", "-e ./src/mypkg")).isEqualTo("bad.txt:2: './src/mypkg' is an editable requirement,"
                    + " which a mirror cannot hold: pip installs it from a local checkout, not from an index. Build a"
                    + " wheel and add it with 'pymirror add', then require it by name");
            assertThat(errorOf("--editable=git+https://example.com/x.git#egg=x"))
                    .startsWith("bad.txt:1: 'git+https://example.com/x.git#egg=x' is an editable requirement");
        }

        @Test
        void vcsRequirementsAreRefusedWithTheLineAndWhy() throws Exception {
            assertThat(errorOf("git+https://github.com/a/b.git@v1#egg=b"))
                    .isEqualTo("bad.txt:1: 'git+https://github.com/a/b.git@v1#egg=b' is a VCS requirement, which a"
                            + " mirror cannot hold: pip would build it from a checkout, not fetch it from an index."
                            + " Build a wheel and add it with 'pymirror add', then require it by name");
            assertThat(errorOf("b @ git+https://github.com/a/b.git"))
                    .startsWith("bad.txt:1: 'b @ git+https://github.com/a/b.git' names a VCS checkout after '@'");
        }

        @Test
        void urlsAndPathsAreRefused() throws Exception {
            assertThat(errorOf("https://example.com/a-1.0-py3-none-any.whl"))
                    .startsWith("bad.txt:1: 'https://example.com/a-1.0-py3-none-any.whl' is a URL or a path");
            assertThat(errorOf("./dist/a-1.0.tar.gz")).startsWith("bad.txt:1: './dist/a-1.0.tar.gz' is a URL or a path");
            assertThat(errorOf("a-1.0-py3-none-any.whl")).startsWith("bad.txt:1: 'a-1.0-py3-none-any.whl' is a URL or a path");
            assertThat(errorOf("a @ https://example.com/a.whl")).startsWith("bad.txt:1: 'a @ https://example.com/a.whl'"
                    + " names a direct URL after '@'");
        }

        @Test
        void otherIndexesAreRefusedWithReasons() throws Exception {
            assertThat(errorOf("--extra-index-url https://other/simple")).startsWith("bad.txt:1: --extra-index-url is"
                    + " not supported: pymirror syncs from one upstream, because taking a project from whichever of"
                    + " two indexes has it is how dependency confusion happens");
            assertThat(errorOf("--no-index")).startsWith("bad.txt:1: --no-index leaves nothing to sync from");
            assertThat(errorOf("-f ./wheels")).startsWith("bad.txt:1: --find-links is not supported");
            assertThat(errorOf("--no-binary :all:")).startsWith("bad.txt:1: --no-binary is not supported");
        }
    }

    @Nested
    class IndexUrls {

        @Test
        void areRecordedWithTheirLine() throws Exception {
            Path file = write("r.txt", "--index-url https://mirror.example/simple/", "a");

            RequirementsSet set = read(file);

            assertThat(set.indexUrl()).get().extracting(IndexUrl::url).hasToString("https://mirror.example/simple/");
            assertThat(set.indexUrl().get().origin()).isEqualTo(new Origin(file.toString(), 1));
        }

        @Test
        void thatDisagreeAreRefused() throws Exception {
            write("base.txt", "-i https://one.example/simple");
            assertThat(errorOf("-r base.txt", "--index-url=https://two.example/simple"))
                    .isEqualTo("bad.txt:2: --index-url https://two.example/simple differs from"
                            + " https://one.example/simple given at base.txt:1; a sync has one upstream");
        }

        @Test
        void mustBeHttp() throws Exception {
            assertThat(errorOf("-i file:///srv/simple")).startsWith("bad.txt:1: --index-url 'file:///srv/simple' is"
                    + " not an http(s) URL");
            assertThat(errorOf("-i ht tp://x")).isEqualTo("bad.txt:1: --index-url 'ht' is not an http(s) URL; pymirror"
                    + " syncs from an index served over HTTP");
        }
    }

    @Nested
    class Options {

        @Test
        void preAndHarmlessOptionsAreAccepted() throws Exception {
            Path file = write("r.txt", "--pre", "--trusted-host mirror.example", "--only-binary=:all:",
                    "a --config-settings=x=y");

            RequirementsSet set = read(file);

            assertThat(set.allowPrereleases()).isTrue();
            assertThat(set.notes()).containsExactly(
                    file + ":2: --trusted-host changes how pip installs, not what a mirror holds; ignored",
                    file + ":3: --only-binary has no effect here: pymirror mirrors wheels only unless --allow-sdist is"
                            + " given",
                    file + ":4: --config-settings changes how pip builds, not what a mirror holds; ignored");
        }

        @Test
        void unknownOrMalformedOnesAreNamed() throws Exception {
            assertThat(errorOf("--frobnicate")).isEqualTo("bad.txt:1: unknown option --frobnicate in a requirements file");
            assertThat(errorOf("-x foo")).isEqualTo("bad.txt:1: unknown option -x in a requirements file");
            assertThat(errorOf("-r")).isEqualTo("bad.txt:1: -r needs a value");
            assertThat(errorOf("--pre=yes")).isEqualTo("bad.txt:1: --pre takes no value");
            assertThat(errorOf("a --pre")).startsWith("bad.txt:1: --pre is not an option pip accepts after a requirement");
            assertThat(errorOf("a --hash='sha256:abc")).isEqualTo("bad.txt:1: unclosed single quote in"
                    + " '--hash='sha256:abc'");
        }
    }

    @Test
    void malformedRequirementsNameTheLineAndTheProblem() throws Exception {
        assertThat(errorOf("ok", "django>=>5")).startsWith("bad.txt:2: not a valid requirement: ");
        assertThat(errorOf("a; python_version <")).startsWith("bad.txt:1: not a valid requirement: ");
    }

    @Test
    void filesThatCannotBeReadAreNamed() throws Exception {
        Path binary = dir.resolve("binary.txt");
        Files.write(binary, new byte[] {'a', (byte) 0xff, (byte) 0xfe, '\n'});

        assertThatThrownBy(() -> read(dir.resolve("none.txt")))
                .hasMessage(dir + "/none.txt: no such file");
        assertThatThrownBy(() -> read(binary)).hasMessage(binary + ": not UTF-8 text");
        assertThatThrownBy(() -> read(dir)).hasMessage(dir + ": a directory, not a requirements file");
    }

    @Test
    void commandLineSpecsAreRequirementsFromTheCommandLine() throws Exception {
        RequirementsSet set = reader.read(List.of(), List.of(), List.of("requests>=2", "six"));

        assertThat(lines(set.requirements())).containsExactly("command line: requests>=2", "command line: six");
        assertThatThrownBy(() -> reader.read(List.of(), List.of(), List.of("./dist/a-1.0.tar.gz")))
                .hasMessage("command line: './dist/a-1.0.tar.gz' is a URL or a path, not a requirement an index resolves; add the file"
                        + " with 'pymirror add' and require it by name");
    }

    @Test
    void aByteOrderMarkAndWindowsLineEndsAreRead() throws Exception {
        Path file = dir.resolve("win.txt");
        Files.write(file, "\uFEFFa==1\r\nb==2\r\n".getBytes(StandardCharsets.UTF_8));

        assertThat(lines(read(file).requirements())).containsExactly(file + ":1: a==1", file + ":2: b==2");
    }

    private static String catchMessage(ThrowingRunnable r) {
        try {
            r.run();
        } catch (Exception e) {
            return e.getMessage();
        }
        return "";
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
