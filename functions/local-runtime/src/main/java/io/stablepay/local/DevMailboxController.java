package io.stablepay.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.stablepay.core.domain.identity.Email;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The local profile's mailbox: the mail the platform sent through the emulator's SES, for one
 * recipient, newest last. Local runtime only; no Lambda has this route.
 */
@Hidden
@Controller("/api/dev/mailbox")
@ExecuteOn(TaskExecutors.BLOCKING)
class DevMailboxController {

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI sentMessages;

  DevMailboxController(@Value("${stablepay.local.emulator-endpoint}") String emulator) {
    this.sentMessages = URI.create(emulator + "/_ministack/ses/messages");
  }

  @Get
  Mailbox mailbox(@QueryValue String to) throws InterruptedException {
    String recipient = new Email(to).value();
    List<Message> messages = new ArrayList<>();
    for (JsonNode account : read().path("messages")) {
      for (JsonNode message : account) {
        for (JsonNode address : message.path("To")) {
          if (address.asText().equalsIgnoreCase(recipient)) {
            messages.add(new Message(recipient, message.path("Source").asText(),
                message.path("Subject").asText(), message.path("BodyText").asText(),
                Instant.ofEpochMilli((long) (message.path("Timestamp").asDouble() * 1000))
                    .toString()));
          }
        }
      }
    }
    return new Mailbox(messages);
  }

  private JsonNode read() throws InterruptedException {
    try {
      return JSON.readTree(HTTP.send(HttpRequest.newBuilder(sentMessages)
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body());
    } catch (IOException e) {
      throw new UncheckedIOException("the emulator's SES did not answer", e);
    }
  }

  @Serdeable
  record Mailbox(List<Message> messages) {}

  @Serdeable
  record Message(String to, String from, String subject, String text, String sentAt) {}
}
