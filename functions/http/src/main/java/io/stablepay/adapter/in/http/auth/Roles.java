package io.stablepay.adapter.in.http.auth;

import io.stablepay.core.domain.identity.Role;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Who may call a route that takes a {@link io.stablepay.core.domain.identity.Caller}. Without it,
 * any authenticated account may. Checked before the controller runs (403 otherwise); the use case
 * checks again.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Roles {

  Role[] value();
}
