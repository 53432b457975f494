package io.stablepay.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.stablepay.contracts.ContractArtifact;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;

/** The local stand-ins start, work and stop without leaving a process or a port behind. */
class DevStackIT {

  @Test
  void anvilRunsTheTestStablecoinsWithTheirRealDecimals() throws Exception {
    int port;
    try (AnvilNode anvil = AnvilNode.start(31337, 0)) {
      port = anvil.port();
      Web3j web3j = anvil.web3j();
      Map<String, String> tokens = TokenDeployer.deployStablecoins(web3j);

      assertThat(tokens).containsOnlyKeys("USDT", "USDC", "DAI");
      assertThat(call(web3j, tokens.get("USDT"), "decimals", new TypeReference<Uint8>() {}))
          .isEqualTo(BigInteger.valueOf(6));
      assertThat(call(web3j, tokens.get("USDC"), "decimals", new TypeReference<Uint8>() {}))
          .isEqualTo(BigInteger.valueOf(6));
      assertThat(call(web3j, tokens.get("DAI"), "decimals", new TypeReference<Uint8>() {}))
          .isEqualTo(BigInteger.valueOf(18));
      assertThat(call(web3j, tokens.get("DAI"), "symbol", new TypeReference<Utf8String>() {}))
          .isEqualTo("DAI");

      String holder = "0x000000000000000000000000000000000000c0De";
      TokenDeployer.mint(web3j, tokens.get("USDT"), holder, BigInteger.valueOf(100_000_000));
      assertThat(balance(web3j, tokens.get("USDT"), holder))
          .isEqualTo(BigInteger.valueOf(100_000_000));
    }
    assertThat(FreePorts.listening(port)).isFalse();
  }

  @Test
  void miniStackAnswersOnLoopbackAndStopsCleanly() {
    int port;
    try (MiniStackServer emulator = MiniStackServer.start(0)) {
      port = emulator.port();
      assertThat(emulator.endpoint()).isEqualTo("http://127.0.0.1:" + port);
      assertThat(FreePorts.listening(port)).isTrue();
    }
    assertThat(FreePorts.listening(port)).isFalse();
  }

  @Test
  void theCompiledContractIsOnTheClasspath() {
    ContractArtifact token = ContractArtifact.load("TestStablecoin");

    assertThat(token.bytecode()).startsWith("0x6");
    assertThat(token.abiJson()).contains("\"mint\"");
  }

  private static BigInteger balance(Web3j web3j, String token, String owner) throws Exception {
    Function balanceOf =
        new Function(
            "balanceOf", List.of(new Address(owner)), List.of(new TypeReference<Uint256>() {}));
    return (BigInteger) decode(web3j, token, balanceOf).getValue();
  }

  private static Object call(Web3j web3j, String token, String name, TypeReference<?> type)
      throws Exception {
    return decode(web3j, token, new Function(name, List.of(), List.of(type))).getValue();
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static Type decode(Web3j web3j, String token, Function function) throws Exception {
    String result =
        web3j
            .ethCall(
                Transaction.createEthCallTransaction(null, token, FunctionEncoder.encode(function)),
                DefaultBlockParameterName.LATEST)
            .send()
            .getValue();
    List<Type> values = FunctionReturnDecoder.decode(result, (List) function.getOutputParameters());
    return values.get(0);
  }
}
