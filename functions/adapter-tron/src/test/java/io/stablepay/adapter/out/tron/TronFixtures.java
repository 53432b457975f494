package io.stablepay.adapter.out.tron;

import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import com.google.protobuf.TypeRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.tron.trident.proto.Contract;

/**
 * The node responses under {@code src/test/resources/tron}, in protobuf text format; a contract
 * parameter is written out as its message ({@code [type.googleapis.com/protocol.X] {...}}).
 */
final class TronFixtures {

  private static final TextFormat.Parser PARSER =
      TextFormat.Parser.newBuilder()
          .setTypeRegistry(
              TypeRegistry.newBuilder().add(Contract.getDescriptor().getMessageTypes()).build())
          .build();

  private TronFixtures() {}

  @SuppressWarnings("unchecked")
  static <T extends Message> T read(String name, T prototype) {
    String path = "tron/" + name + ".textproto";
    try (InputStream in = TronFixtures.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + path);
      }
      Message.Builder builder = prototype.newBuilderForType();
      PARSER.merge(new String(in.readAllBytes(), StandardCharsets.UTF_8), builder);
      return (T) builder.build();
    } catch (IOException e) {
      throw new UncheckedIOException(path, e);
    }
  }
}
