package io.hallmark.protocol.v1;

/** The answer to {@code POST /api/v1/users}: the user and their first token, shown once. */
public record UserCreated(UserView user, TokenCreated token) {}
