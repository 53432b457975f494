package io.stablepay.core.testing;

import io.stablepay.core.domain.ConflictException;
import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.identity.Email;
import io.stablepay.core.domain.identity.StoredCredentials;
import io.stablepay.core.domain.identity.User;
import io.stablepay.core.port.out.UserStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The user store's contract in memory: one account per email. */
public final class MemoryUserStore implements UserStore {
  public final Map<String, User> byId = new HashMap<>();
  public final Map<String, String> hashes = new HashMap<>();

  @Override
  public void create(User user, String passwordHash) {
    if (byId.values().stream().anyMatch(u -> u.email().equals(user.email()))) {
      throw new ConflictException("taken");
    }
    byId.put(user.id(), user);
    hashes.put(user.id(), passwordHash);
  }

  @Override
  public Optional<User> findById(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public Optional<StoredCredentials> findCredentials(Email email) {
    return byId.values().stream()
        .filter(u -> u.email().equals(email))
        .findFirst()
        .map(u -> new StoredCredentials(u, hashes.get(u.id())));
  }

  @Override
  public Page<User> list(PageRequest page) {
    return new Page<>(byId.values().stream().limit(page.limit()).toList(), null);
  }

  @Override
  public boolean setActive(String userId, boolean active) {
    User u = byId.get(userId);
    if (u == null) {
      return false;
    }
    byId.put(
        userId,
        new User(
            u.id(),
            u.email(),
            u.firstName(),
            u.lastName(),
            u.role(),
            u.kycStatus(),
            active,
            u.createdAt()));
    return true;
  }

  @Override
  public void updatePasswordHash(String userId, String passwordHash) {
    hashes.put(userId, passwordHash);
  }
}
