package io.github.transferml.transfer.util;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Model URLs as messages and records may show them. A URL can carry a secret: a user and token
 * ({@code https://ci:token@host/…}), a signed query string, or a token in a path segment. Build logs
 * and model cards outlive the secret's owner's intent, so only the scheme, host, port and file name
 * are shown.
 */
public final class ModelUrls {

    private static final String ELIDED = "…";

    // A host name, IPv4 or bracketed IPv6 address, and an optional numeric port.
    private static final Pattern HOST_AND_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._~%-]*)(:[0-9]*)?");

    private ModelUrls() {}

    /**
     * Redacts a URL: {@code https://user:token@host:8443/a/b/model.zip?sig=x#f} becomes
     * {@code https://host:8443/…/model.zip}; {@code file:/home/me/models/model.zip} becomes
     * {@code file:…/model.zip}. A {@code djl://group/artifact?filter=value} URL is a model-zoo query
     * with no secret and is kept whole. The URL is parsed leniently, by hand, so that a malformed
     * one is redacted too rather than echoed by a parser's error.
     *
     * @param url a URL as the user wrote it
     * @return the URL with no user information, query, fragment or inner path
     */
    public static String redact(String url) {
        if (url == null) {
            return "null";
        }
        String trimmed = url.trim();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.startsWith("djl://")) {
            return trimmed;
        }
        String plain = cut(trimmed, '?', '#');
        if (lower.startsWith("file:")) {
            return "file:" + ELIDED + "/" + lastSegment(plain.substring("file:".length()));
        }
        int schemeEnd = plain.indexOf("://");
        if (schemeEnd < 0) {
            return ELIDED + "/" + lastSegment(plain);
        }
        String rest = plain.substring(schemeEnd + 3);
        int pathStart = rest.indexOf('/');
        String authority = pathStart < 0 ? rest : rest.substring(0, pathStart);
        String path = pathStart < 0 ? "" : rest.substring(pathStart);
        String name = lastSegment(path);
        boolean inner = path.replaceAll("^/+", "").replaceAll("/+$", "").contains("/");
        return plain.substring(0, schemeEnd) + "://" + host(authority, path) + "/"
                + (inner && !name.isEmpty() ? ELIDED + "/" : "") + name;
    }

    /**
     * The host and port, without user information. In a malformed URL (a password holding a raw
     * {@code /}, {@code ?} or {@code #}) the authority ends early and part of the password would pass
     * for the host: when the host is not a plain host[:port], or an {@code @} follows it, it is elided.
     */
    private static String host(String authority, String path) {
        String host = authority.substring(authority.lastIndexOf('@') + 1);
        boolean plain = HOST_AND_PORT.matcher(host).matches() && (authority.contains("@") || !path.contains("@"));
        return plain ? host : ELIDED;
    }

    /**
     * The file name a URL points to, as a safe name for a file in the cache: its last path segment,
     * with any character outside {@code [A-Za-z0-9._-]} replaced by {@code _}, or {@code model} when
     * the URL has no path.
     *
     * @param url a URL
     * @return the name, never containing a separator nor being {@code .} or {@code ..}
     */
    public static String fileName(String url) {
        String plain = cut(url.trim(), '?', '#');
        int schemeEnd = plain.indexOf("://");
        String path = plain;
        if (schemeEnd >= 0) {
            String rest = plain.substring(schemeEnd + 3);
            path = rest.indexOf('/') < 0 ? "" : rest.substring(rest.indexOf('/'));
        }
        String name = lastSegment(path).replaceAll("[^A-Za-z0-9._-]", "_");
        return name.isEmpty() || name.equals(".") || name.equals("..") ? "model" : name;
    }

    private static String cut(String url, char... ends) {
        int end = url.length();
        for (char c : ends) {
            int i = url.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        return url.substring(0, end);
    }

    private static String lastSegment(String path) {
        String trimmed = path.replaceAll("[/\\\\]+$", "");
        int slash = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
        return trimmed.substring(slash + 1);
    }
}
