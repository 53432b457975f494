package io.stablepay.adapter.in.http.health;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.stablepay.adapter.in.http.problem.DocumentedProblems;
import io.stablepay.core.domain.ComponentHealth;
import io.stablepay.core.port.in.CheckHealth;
import io.stablepay.schema.Functions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Whether every dependency of this process works: 200 when all are UP, 503 otherwise. */
@DocumentedProblems
@Requires(env = Functions.BLOCKCHAIN_API)
@Controller("/api/health")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Health")
class HealthController {

  private final CheckHealth health;

  HealthController(CheckHealth health) {
    this.health = health;
  }

  @Get
  @Operation(summary = "Health of each dependency (tables, keys, queues, workflows, chains)")
  HttpResponse<HealthResponse> health() {
    List<ComponentHealth> report = health.check();
    Map<String, ComponentStatus> components = new LinkedHashMap<>();
    report.forEach(
        c -> components.put(c.name(), new ComponentStatus(c.up() ? "UP" : "DOWN", c.reason())));
    boolean up = report.stream().allMatch(ComponentHealth::up);
    return HttpResponse.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
        .body(new HealthResponse(up ? "UP" : "DOWN", components));
  }

  @Serdeable
  record HealthResponse(String status, Map<String, ComponentStatus> components) {}

  @Serdeable
  record ComponentStatus(String status, @Nullable String reason) {}
}
