package io.stablepay.adapter.in.http.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.stablepay.adapter.in.http.auth.Roles;
import io.stablepay.adapter.in.http.conventions.ApiFormats;
import io.stablepay.adapter.in.http.problem.DocumentedProblems;
import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.identity.User;
import io.stablepay.core.port.in.Identity;
import io.stablepay.schema.Functions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;

/** Platform administration. Every route here is ADMIN only. */
@DocumentedProblems
@Controller("/api/admin")
@Requires(env = Functions.AUTH_API)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Admin")
class AdminController {

  private final Identity identity;

  AdminController(Identity identity) {
    this.identity = identity;
  }

  @Get("/users")
  @Roles(Role.ADMIN)
  @Operation(
      summary = "Users, oldest first, cursor-paginated (limit 1-100, default 20)",
      security = @SecurityRequirement(name = "bearer"))
  UsersPage users(
      @Parameter(hidden = true) Caller caller,
      @Nullable @Min(1) @Max(100) @QueryValue Integer limit,
      @Parameter(schema = @Schema(pattern = ApiFormats.CURSOR)) @Nullable @QueryValue
          String cursor) {
    Page<User> page = identity.listUsers(caller, PageRequest.of(limit, cursor));
    return new UsersPage(page.data().stream().map(AdminUser::of).toList(), page.nextCursor());
  }

  @Post("/users/{id}/deactivate")
  @Status(HttpStatus.NO_CONTENT)
  @Roles(Role.ADMIN)
  @Operation(
      summary = "Deactivate an account: its tokens and keys stop working at once",
      security = @SecurityRequirement(name = "bearer"))
  void deactivate(@Parameter(hidden = true) Caller caller, @PathVariable String id) {
    identity.setActive(caller, id, false);
  }

  @Post("/users/{id}/activate")
  @Status(HttpStatus.NO_CONTENT)
  @Roles(Role.ADMIN)
  @Operation(summary = "Reactivate an account", security = @SecurityRequirement(name = "bearer"))
  void activate(@Parameter(hidden = true) Caller caller, @PathVariable String id) {
    identity.setActive(caller, id, true);
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record UsersPage(List<AdminUser> data, @Nullable String nextCursor) {}

  @Serdeable
  record AdminUser(
      String id,
      String email,
      String firstName,
      String lastName,
      String role,
      String kycStatus,
      boolean isActive,
      String createdAt) {

    static AdminUser of(User u) {
      return new AdminUser(
          u.id(),
          u.email().value(),
          u.firstName(),
          u.lastName(),
          u.role().name(),
          u.kycStatus().name(),
          u.active(),
          u.createdAt().toString());
    }
  }
}
