package dev.pymirror.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.server.auth.UserStore;
import dev.pymirror.server.auth.UserStoreException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * A user of a server under test, speaking HTTP/1.1 and reading every answer as text: GETs with the
 * Accept header a test names, pages as a browser asks for them, and, as alice (once {@link #addTo}
 * has added her to the server's users), uploads and the yanks and deletes of files, with her basic
 * credentials.
 */
public final class ServerUser {

    public static final String NAME = "alice";
    public static final String PASSWORD = "alice-password";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Supplier<URI> base;

    /** {@code base} is asked at each request: a test may stop its server and start another. */
    public ServerUser(Supplier<URI> base) {
        this.base = base;
    }

    /** Adds alice to the users kept in {@code data}, before a server over it starts. */
    public static void addTo(Path data) throws UserStoreException {
        new UserStore(data).add(NAME, PASSWORD.toCharArray());
    }

    /** GET {@code path} (starting with '/') with {@code accept}. */
    public HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(url(path)).header("Accept", accept).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The page at {@code path} as a browser gets it, which must answer 200. */
    public String page(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = get(path, ServerGet.BROWSER_ACCEPT);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }

    /** alice's upload of {@code wheel} to {@code index} as twine makes it, which must answer 200. */
    public void upload(String index, Wheel wheel, String name, String version) throws IOException, InterruptedException {
        UploadForm form = UploadForm.of(wheel, name, version);
        HttpRequest r = HttpRequest.newBuilder(base.get().resolve(index + "/"))
                .header("Content-Type", form.contentType()).header("Authorization", basic())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.body())).build();
        HttpResponse<String> answer = http.send(r, HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    /** alice's {@code method} of {@code path} without a body (a yank's POST, a DELETE): the status. */
    public int send(String method, String path) throws IOException, InterruptedException {
        HttpRequest r = HttpRequest.newBuilder(url(path)).header("Authorization", basic())
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return http.send(r, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private URI url(String path) {
        return base.get().resolve(path.substring(1));
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((NAME + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }
}
