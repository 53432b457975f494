package io.stablepay.core.domain.identity;

/** Who is calling, as proven by a verified access token: the user id and the role it carries. */
public record Caller(String userId, Role role) {}
