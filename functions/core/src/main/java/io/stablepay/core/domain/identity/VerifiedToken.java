package io.stablepay.core.domain.identity;

/**
 * What a verified access token says: whose it is, the role it was issued with, and the sign-in
 * session (the refresh-token family) it belongs to, so that ending the session ends the token.
 */
public record VerifiedToken(String userId, Role role, String sessionId) {}
