package dev.scrapbook.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Talks to the running app the way the extension and the page do: over HTTP, with a bearer token. */
final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http;
    private final String base;
    private String token;
    private String username;
    private final Map<String, String> extraHeaders = new java.util.LinkedHashMap<>();

    ApiClient(String base) {
        this(base, HttpClient.newHttpClient());
    }

    private ApiClient(String base, HttpClient http) {
        this.base = base;
        this.http = http;
    }

    /** A client whose connections come from another loopback address, as a different visitor would. */
    ApiClient from(InetAddress loopbackAddress) {
        return new ApiClient(base, HttpClient.newBuilder().localAddress(loopbackAddress).build());
    }

    record Answer(int status, String contentType, JsonNode body, HttpResponse<byte[]> raw) {
        String type() {
            return body == null ? null : body.path("type").asText();
        }
    }

    ApiClient as(String bearer) {
        ApiClient other = new ApiClient(base, http);
        other.token = bearer;
        other.username = username;
        other.extraHeaders.putAll(extraHeaders);
        return other;
    }

    String token() {
        return token;
    }

    /** A client that sends this header on every request too. */
    ApiClient withHeader(String name, String value) {
        ApiClient other = as(token);
        other.extraHeaders.put(name, value);
        return other;
    }

    /** The same visitor without a token. */
    ApiClient anonymous() {
        return new ApiClient(base, http);
    }

    String username() {
        return username;
    }

    String userId() {
        return get("/api/account/me").body().path("id").asText();
    }

    /** Signs up a fresh user, logs in and keeps the session token. */
    ApiClient newUser() {
        return newUser("u" + UUID.randomUUID().toString().substring(0, 12));
    }

    /** Signs up {@code username}, logs in and keeps the session token. */
    ApiClient newUser(String username) {
        Answer signup = post("/api/account/signup", Map.of("username", username, "password", "correct horse battery"));
        if (signup.status() != 201) {
            throw new AssertionError("sign-up failed: " + signup.body());
        }
        Answer login = post("/api/account/login", Map.of("username", username, "password", "correct horse battery"));
        ApiClient user = as(login.body().path("token").asText());
        user.username = username;
        return user;
    }

    Answer get(String path) {
        return send(request(path).GET());
    }

    Answer delete(String path) {
        return send(request(path).DELETE());
    }

    /** DELETE with a JSON body (deleting the account takes the password). */
    Answer delete(String path, Object json) {
        return sendJson("DELETE", path, json);
    }

    Answer post(String path, Object json) {
        return sendJson("POST", path, json);
    }

    Answer put(String path, Object json) {
        return sendJson("PUT", path, json);
    }

    Answer patch(String path, Object json) {
        return sendJson("PATCH", path, json);
    }

    private Answer sendJson(String method, String path, Object json) {
        try {
            return send(request(path).header("Content-Type", "application/json")
                    .method(method, BodyPublishers.ofByteArray(JSON.writeValueAsBytes(json))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Answer upload(String pathAndQuery, byte[] bytes, String contentType) {
        return send(request(pathAndQuery).header("Content-Type", contentType).POST(BodyPublishers.ofByteArray(bytes)));
    }

    Answer send(String method, String path, String contentType, BodyPublisher body) {
        return send(request(path).header("Content-Type", contentType).method(method, body));
    }

    byte[] download(String absoluteUrl) {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(absoluteUrl)).build(),
                    BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + absoluteUrl + " answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        extraHeaders.forEach(builder::header);
        return builder;
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = http.send(request.build(), BodyHandlers.ofByteArray());
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            JsonNode body = contentType.contains("json") && response.body().length > 0
                    ? JSON.readTree(response.body()) : null;
            return new Answer(response.statusCode(), contentType, body, response);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
