package io.stablepay.function.signer;

import static org.assertj.core.api.Assertions.assertThat;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.identity.Email;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.identity.User;
import io.stablepay.core.domain.ledger.AccountId;
import io.stablepay.core.domain.ledger.Transfer;
import io.stablepay.core.domain.merchant.Merchant;
import io.stablepay.core.port.out.LedgerStore;
import io.stablepay.core.port.out.MerchantStore;
import io.stablepay.core.port.out.UserStore;
import io.stablepay.devstack.AnvilNode;
import io.stablepay.devstack.HandlerSettings;
import io.stablepay.devstack.Printed;
import io.stablepay.devstack.TokenDeployer;
import io.stablepay.schema.Functions;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deployed automatic settlement ({@link SettlementHandler}, built as Lambda builds it:
 * no-argument constructor, the settler's own environment), configured as the stack configures the
 * Lambda, against DynamoDB Local and an anvil chain with the stablecoins on ETHEREUM. The stack
 * sets no native coin price here, so a due settlement is refused: the run logs it and succeeds, and
 * the next run tries again.
 */
class SettlementHandlerIT {

  private static HandlerSettings settings;
  private static AnvilNode anvil;
  private static SettlementHandler settler;

  @BeforeAll
  static void start() {
    settings = HandlerSettings.start();
    anvil = AnvilNode.startWithoutIntervalMining(31337);
    // the stack sets these as STABLEPAY_CHAINS_<NETWORK>_RPC_URL (and the registry's addresses
    // as chain settings), which Micronaut maps to these; no KMS here: a key lookup would fail
    // fast on a closed loopback port
    settings
        .put("STABLEPAY_WITHDRAWALS_ENABLED", "true")
        .put("stablepay.chains.ethereum.rpc-url", anvil.rpcUrl())
        .put("stablepay.chains.polygon.rpc-url", HandlerSettings.closedEndpoint());
    TokenDeployer.deployStablecoins(anvil.web3j())
        .forEach(
            (asset, address) ->
                settings.put("stablepay.chains.ethereum.tokens." + asset.toLowerCase(), address));
    settler = settings.build(SettlementHandler::new);
  }

  @AfterAll
  static void stop() {
    if (settler != null) {
      settler.close();
    }
    if (anvil != null) {
      anvil.close();
    }
    if (settings != null) {
      settings.close();
    }
  }

  @Test
  void theContextRunsInTheSettlersOwnEnvironment() {
    assertThat(settler.getApplicationContext().getEnvironment().getActiveNames())
        .contains(Functions.SETTLER)
        .doesNotContain(Functions.SIGNER_API, Functions.WITHDRAWAL_TRACKER, Functions.SWEEPER);
  }

  @Test
  void aRefusedSettlementIsLoggedAndTheRunSucceeds() {
    var context = settler.getApplicationContext();
    Instant now = Instant.now();
    String merchantId = UUID.randomUUID().toString();
    context
        .getBean(UserStore.class)
        .create(
            new User(
                merchantId,
                new Email(merchantId + "@example.com"),
                "Ada",
                "Lovelace",
                Role.USER,
                KycStatus.VERIFIED,
                true,
                now),
            "hash");
    // settles from 10 dollars on; holds 25 USDC
    assertThat(
            context
                .getBean(MerchantStore.class)
                .create(
                    new Merchant(
                        merchantId,
                        "Ada's Shop",
                        "retail",
                        null,
                        "0x000000000000000000000000000000000000beef",
                        NetworkId.ETHEREUM,
                        Merchant.MIN_AUTO_SETTLE,
                        Merchant.DEFAULT_FEE_BASIS_POINTS,
                        KycStatus.VERIFIED,
                        "sealed-secret",
                        null,
                        null,
                        0,
                        now,
                        now)))
        .isTrue();
    LedgerStore ledger = context.getBean(LedgerStore.class);
    AccountId balance = AccountId.user(merchantId, Asset.USDC);
    ledger.post(
        Transfer.between(
            "funding-" + merchantId,
            "TEST_FUNDING",
            AccountId.capital(Asset.USDC),
            balance,
            BigInteger.valueOf(25_000_000),
            now));

    Printed run = Printed.run(() -> settler.execute(Map.of()));

    assertThat(run.failure()).isNull();
    assertThat(run.answer()).isEqualTo("settled 0");
    assertThat(run.logMessages())
        .anySatisfy(
            message ->
                assertThat(message)
                    .startsWith("automatic settlement refused: " + merchantId + " USDC: ")
                    .contains("no native coin price"));
    assertThat(ledger.balance(balance)).isEqualTo(BigInteger.valueOf(25_000_000));
  }
}
