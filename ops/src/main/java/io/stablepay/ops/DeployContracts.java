package io.stablepay.ops;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * {@code make deploy-contracts STAGE=<stage> NETWORK=<NET> [RPC_URL=..]}: deploys and wires the
 * platform's contracts on one EVM network of a stage ({@link ContractDeployment}) with the AWS
 * account and region of the environment (the usual SDK chain: {@code AWS_PROFILE}, {@code
 * AWS_REGION}, {@code AWS_ENDPOINT_URL}...), then prints the addresses and the gas used.
 *
 * <p>Arguments: {@code --stage <stage> --network <NET> [--rpc-url <url>] [--stage-file <path>]};
 * the node is {@code --rpc-url} or the first URL of the stage's nodes secret, the stage file {@code
 * infra-cdk/stages/<stage>.json} unless given.
 */
public final class DeployContracts {

  private DeployContracts() {}

  public static void main(String[] args) throws Exception {
    Arguments arguments;
    try {
      arguments = Arguments.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(
          "usage: --stage <stage> --network <NET> [--rpc-url <url>] [--stage-file <path>]");
      System.exit(2);
      return;
    }
    String rpcUrl = arguments.rpcUrl();
    if (rpcUrl == null) {
      try (SecretsManagerClient secrets =
          SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
        rpcUrl = NodesSecret.firstUrl(secrets, arguments.stage(), arguments.network());
      }
    }
    Web3j web3j = Web3j.build(new HttpService(rpcUrl));
    try (KmsClient kms = KmsClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
      ContractDeployment.Result result =
          new ContractDeployment(web3j, kms, arguments.stage())
              .deploy(arguments.network(), arguments.stageFile());
      System.out.printf(
          "%s (chain %d), deployer %s%n", result.network(), result.chainId(), result.deployer());
      result.transactions().forEach(t -> System.out.printf("  sent %s: %s%n", t.what(), t.hash()));
      result.contracts().forEach((name, address) -> System.out.printf("%s: %s%n", name, address));
      System.out.printf(
          "%d transactions, %s gas; addresses written to %s%n",
          result.transactions().size(), result.gasUsed(), arguments.stageFile());
    } catch (IllegalStateException | IllegalArgumentException e) {
      System.err.println("deploy-contracts: " + e.getMessage());
      System.exit(1);
    } finally {
      web3j.shutdown();
    }
  }

  /** The command line. */
  record Arguments(String stage, String network, String rpcUrl, Path stageFile) {

    static Arguments parse(String[] args) {
      String stage = null;
      String network = null;
      String rpcUrl = null;
      String stageFile = null;
      List<String> rest = new ArrayList<>(List.of(args));
      while (!rest.isEmpty()) {
        String flag = rest.remove(0);
        if (rest.isEmpty()) {
          throw new IllegalArgumentException(flag + " needs a value");
        }
        String value = rest.remove(0);
        switch (flag) {
          case "--stage" -> stage = value;
          case "--network" -> network = value.toUpperCase(Locale.ROOT);
          case "--rpc-url" -> rpcUrl = value.isBlank() ? null : value;
          case "--stage-file" -> stageFile = value.isBlank() ? null : value;
          default -> throw new IllegalArgumentException("unknown argument " + flag);
        }
      }
      if (stage == null || stage.isBlank() || network == null || network.isBlank()) {
        throw new IllegalArgumentException("--stage and --network are required");
      }
      return new Arguments(
          stage,
          network,
          rpcUrl,
          Path.of(stageFile == null ? "infra-cdk/stages/" + stage + ".json" : stageFile));
    }
  }
}
