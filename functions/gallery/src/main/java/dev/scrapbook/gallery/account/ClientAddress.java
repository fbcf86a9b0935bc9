package dev.scrapbook.gallery.account;

import jakarta.servlet.http.HttpServletRequest;

/** The address a request came from, as far as it can be believed. */
final class ClientAddress {

    private ClientAddress() {
    }

    /**
     * The peer address; with {@code trustForwardedFor}, the last {@code X-Forwarded-For} entry instead: the
     * one the trusted proxy in front appended. Earlier entries are whatever the client chose to send.
     */
    static String of(HttpServletRequest request, boolean trustForwardedFor) {
        String forwarded = request.getHeader("X-Forwarded-For");
        if (trustForwardedFor && forwarded != null && !forwarded.isBlank()) {
            String last = forwarded.substring(forwarded.lastIndexOf(',') + 1).strip();
            if (!last.isEmpty()) {
                return last;
            }
        }
        return request.getRemoteAddr();
    }
}
