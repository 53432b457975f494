package io.stablepay.adapter.out.password;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import io.stablepay.core.port.out.PasswordHasher;
import jakarta.inject.Singleton;

/**
 * Argon2id through password4j. Hashes are PHC strings ({@code $argon2id$v=19$m=...}) that carry
 * salt and parameters, so a change of cost applies to new hashes while old ones still verify.
 */
@Singleton
final class Argon2PasswordHasher implements PasswordHasher {

  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;

  private final Argon2Function argon2;

  Argon2PasswordHasher(Argon2Settings settings) {
    this.argon2 =
        Argon2Function.getInstance(
            settings.getMemoryKib(),
            settings.getIterations(),
            settings.getParallelism(),
            HASH_BYTES,
            Argon2.ID);
  }

  @Override
  public String hash(String password) {
    return Password.hash(password).addRandomSalt(SALT_BYTES).with(argon2).getResult();
  }

  @Override
  public boolean matches(String password, String hash) {
    if (hash == null || !hash.startsWith("$argon2id$")) {
      return false;
    }
    return Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
  }
}
