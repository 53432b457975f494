package io.stablepay.core.port.out;

import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.identity.Email;
import io.stablepay.core.domain.identity.StoredCredentials;
import io.stablepay.core.domain.identity.User;
import java.util.Optional;

/** Where accounts live. Emails are unique across all users. */
public interface UserStore {

  /**
   * Stores a new user with the hash of their password, atomically with the claim on the email.
   *
   * @throws io.stablepay.core.domain.ConflictException when the email is taken
   */
  void create(User user, String passwordHash);

  Optional<User> findById(String id);

  void updatePasswordHash(String userId, String passwordHash);

  /**
   * @return false when there is no such user
   */
  boolean setActive(String userId, boolean active);

  Optional<StoredCredentials> findCredentials(Email email);

  /**
   * Users, oldest first.
   *
   * @throws io.stablepay.core.domain.InvalidRequestException for a cursor this store did not issue
   */
  Page<User> list(PageRequest page);
}
