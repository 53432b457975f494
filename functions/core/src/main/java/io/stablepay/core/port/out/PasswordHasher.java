package io.stablepay.core.port.out;

/** One-way password hashing (Argon2id); the hash string carries its own salt and parameters. */
public interface PasswordHasher {

  String hash(String password);

  boolean matches(String password, String hash);
}
