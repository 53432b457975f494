package io.stablepay.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.ChainTransaction;
import io.stablepay.core.domain.ConflictException;
import io.stablepay.core.domain.ForbiddenException;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.NetworkRegistry;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.TokenTransfer;
import io.stablepay.core.domain.TxHash;
import io.stablepay.core.domain.TxStatus;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.ledger.AccountId;
import io.stablepay.core.domain.treasury.TreasuryRole;
import io.stablepay.core.domain.withdrawal.Withdrawal;
import io.stablepay.core.port.in.TreasuryOverview.Funding;
import io.stablepay.core.port.in.TreasuryOverview.NetworkTreasury;
import io.stablepay.core.port.in.TreasuryOverview.Position;
import io.stablepay.core.port.in.TreasuryOverview.Wallet;
import io.stablepay.core.port.out.TreasuryKeys;
import io.stablepay.core.testing.FakeRail;
import io.stablepay.core.testing.MemoryLedger;
import io.stablepay.core.testing.MemoryWithdrawalStore;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TreasuryServiceTest {

  private static final byte[] TREASURY_KEY = key(0x11);
  private static final byte[] GAS_TANK_KEY = key(0x22);
  private static final String TREASURY = "0x" + "11".repeat(20);
  private static final String GAS_TANK = "0x" + "22".repeat(20);
  private static final Token USDT = new Token(Asset.USDT, "0x" + "a".repeat(40), 6);
  private static final Token BSC_USDT = new Token(Asset.USDT, "0x" + "b".repeat(40), 18);

  private final FakeRail rail = new FakeRail(ChainFamily.EVM);
  private final MemoryLedger ledger = new MemoryLedger();
  private final MemoryWithdrawalStore withdrawals = new MemoryWithdrawalStore();
  private final TreasuryKeys keys =
      (network, role) ->
          network == NetworkId.POLYGON
              ? Optional.empty()
              : Optional.of(
                  new TreasuryKeys.TreasuryKey(
                      network,
                      role,
                      role + "-key",
                      role == TreasuryRole.TREASURY ? TREASURY_KEY : GAS_TANK_KEY));
  private final TreasuryService service =
      new TreasuryService(
          new NetworkRegistry(
              "test",
              List.of(
                  network(NetworkId.ETHEREUM, USDT),
                  network(NetworkId.BSC, BSC_USDT),
                  network(NetworkId.POLYGON, USDT))),
          List.of(rail),
          keys,
          ledger,
          withdrawals,
          Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC));

  @Test
  void fundedTreasuriesAgreeWithTheLedgerInLedgerUnits() {
    rail.balances.put(
        FakeRail.balanceKey(NetworkId.ETHEREUM, "USDT", TREASURY), BigInteger.valueOf(5_000_000));
    rail.balances.put(
        FakeRail.balanceKey(NetworkId.ETHEREUM, "NATIVE", GAS_TANK), BigInteger.TEN.pow(18));
    // 18 decimals on chain, 6 in the ledger
    rail.balances.put(
        FakeRail.balanceKey(NetworkId.BSC, "USDT", TREASURY),
        BigInteger.valueOf(5).multiply(BigInteger.TEN.pow(18)));
    service.recordFunding(
        NetworkId.ETHEREUM, new TokenAmount(Asset.USDT, BigInteger.valueOf(5_000_000)), "0xf1");
    service.recordFunding(
        NetworkId.BSC, new TokenAmount(Asset.USDT, BigInteger.valueOf(5_000_000)), "0xf2");

    List<NetworkTreasury> overview = service.overview();

    assertThat(overview)
        .extracting(NetworkTreasury::network)
        .containsExactly(NetworkId.ETHEREUM, NetworkId.BSC);
    Wallet treasury = overview.getFirst().wallets().getFirst();
    assertThat(treasury.role()).isEqualTo(TreasuryRole.TREASURY);
    assertThat(treasury.address()).isEqualTo(TREASURY);
    assertThat(treasury.positions())
        .containsExactly(
            new Position(
                new TokenAmount(Asset.USDT, BigInteger.valueOf(5_000_000)),
                new TokenAmount(Asset.USDT, BigInteger.valueOf(5_000_000)),
                TokenAmount.zero(Asset.USDT),
                false));
    Wallet gasTank = overview.getFirst().wallets().get(1);
    assertThat(gasTank.nativeBalance()).isEqualTo(BigInteger.TEN.pow(18));
    assertThat(gasTank.positions().getFirst().mismatch()).isFalse();
    assertThat(overview.get(1).wallets().getFirst().positions().getFirst().mismatch()).isFalse();
    assertThat(overview.getFirst().error()).isNull();
  }

  @Test
  void tokensOfOpenWithdrawalsMayHaveLeftBeforeTheLedgerSettlesThem() {
    service.recordFunding(
        NetworkId.ETHEREUM, new TokenAmount(Asset.USDT, BigInteger.valueOf(5_000_000)), "0xf1");
    withdrawals.create(
        Withdrawal.create(
            "wd-1",
            "u1",
            NetworkId.ETHEREUM,
            new TokenAmount(Asset.USDT, BigInteger.valueOf(2_000_000)),
            new TokenAmount(Asset.USDT, BigInteger.ONE),
            "0xTo",
            TREASURY,
            "k",
            Instant.parse("2026-12-01T00:00:00Z")));

    // sent and mined, not yet at the confirmation depth: within the pending amount
    rail.balances.put(
        FakeRail.balanceKey(NetworkId.ETHEREUM, "USDT", TREASURY), BigInteger.valueOf(3_000_000));
    Position sent = service.overview().getFirst().wallets().getFirst().positions().getFirst();
    assertThat(sent.pendingOut())
        .isEqualTo(new TokenAmount(Asset.USDT, BigInteger.valueOf(2_000_000)));
    assertThat(sent.mismatch()).isFalse();

    // more missing than is pending: flagged
    rail.balances.put(
        FakeRail.balanceKey(NetworkId.ETHEREUM, "USDT", TREASURY), BigInteger.valueOf(2_999_999));
    assertThat(service.overview().getFirst().wallets().getFirst().positions().getFirst().mismatch())
        .isTrue();
  }

  @Test
  void unrecordedTokensAndUnreadableChainsAreFlagged() {
    rail.balances.put(
        FakeRail.balanceKey(NetworkId.ETHEREUM, "USDT", TREASURY), BigInteger.valueOf(7));
    rail.balances.put(FakeRail.balanceKey(NetworkId.ETHEREUM, "USDT", GAS_TANK), BigInteger.ONE);
    rail.down.add(NetworkId.BSC);

    List<NetworkTreasury> overview = service.overview();

    assertThat(overview.getFirst().wallets())
        .allSatisfy(wallet -> assertThat(wallet.positions().getFirst().mismatch()).isTrue());
    NetworkTreasury bsc = overview.get(1);
    assertThat(bsc.error()).contains("did not answer");
    assertThat(bsc.wallets().getFirst().positions().getFirst().onchain()).isNull();
    assertThat(bsc.wallets().getFirst().positions().getFirst().mismatch()).isTrue();
  }

  @Test
  void fundingIsRecordedOnceAgainstCapital() {
    service.recordFunding(
        NetworkId.ETHEREUM, new TokenAmount(Asset.USDT, BigInteger.valueOf(9)), "0xabc");
    service.recordFunding(
        NetworkId.ETHEREUM, new TokenAmount(Asset.USDT, BigInteger.valueOf(9)), "0xabc");

    assertThat(ledger.balance(AccountId.treasury(NetworkId.ETHEREUM, Asset.USDT)))
        .isEqualTo(BigInteger.valueOf(-9));
    assertThat(ledger.balance(AccountId.capital(Asset.USDT))).isEqualTo(BigInteger.valueOf(9));
    assertThat(ledger.transfers()).isEqualTo(1);
  }

  @Test
  void fundingIsValidated() {
    assertThatThrownBy(
            () ->
                service.recordFunding(
                    NetworkId.ETHEREUM, new TokenAmount(Asset.DAI, BigInteger.ONE), "0x1"))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(
            () ->
                service.recordFunding(
                    NetworkId.ETHEREUM, new TokenAmount(Asset.USDT, BigInteger.ZERO), "0x1"))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(
            () ->
                service.recordFunding(
                    NetworkId.ETHEREUM, new TokenAmount(Asset.USDT, BigInteger.ONE), " "))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(ledger.transfers()).isZero();
  }

  @Test
  void aFundingTransactionRecordsWhatTheChainSaysArrivedInTheTreasuryOnce() {
    TxHash hash = TxHash.of("0x" + "f".repeat(64), ChainFamily.EVM);
    rail.transactions.put(
        hash,
        new ChainTransaction(
            NetworkId.ETHEREUM,
            hash,
            TxStatus.SUCCESS,
            7L,
            2,
            2,
            "0xfunder",
            USDT.address(),
            List.of(
                new TokenTransfer(
                    USDT.address(),
                    USDT,
                    "0xfunder",
                    TREASURY.toUpperCase().replace("0X", "0x"),
                    BigInteger.valueOf(4_000_000)),
                new TokenTransfer(
                    USDT.address(), USDT, "0xfunder", GAS_TANK, BigInteger.valueOf(1_000_000)),
                new TokenTransfer(
                    "0x" + "c".repeat(40), null, "0xfunder", TREASURY, BigInteger.TEN))));

    List<Funding> recorded = service.recordFundingTransaction(ADMIN, "ethereum", hash.value());
    service.recordFundingTransaction(ADMIN, "ETHEREUM", hash.value());

    assertThat(recorded)
        .containsExactly(
            new Funding(
                NetworkId.ETHEREUM,
                new TokenAmount(Asset.USDT, BigInteger.valueOf(4_000_000)),
                hash.value()));
    assertThat(ledger.balance(AccountId.capital(Asset.USDT)))
        .isEqualTo(BigInteger.valueOf(4_000_000));
    assertThat(ledger.transfers()).isEqualTo(1);
  }

  @Test
  void aFundingTransactionMustBeFinalSuccessfulIntoTheTreasuryAndRecordedByAnAdmin() {
    TxHash pending = TxHash.of("0x" + "1".repeat(64), ChainFamily.EVM);
    TxHash failed = TxHash.of("0x" + "2".repeat(64), ChainFamily.EVM);
    TxHash elsewhere = TxHash.of("0x" + "3".repeat(64), ChainFamily.EVM);
    List<TokenTransfer> toTreasury =
        List.of(new TokenTransfer(USDT.address(), USDT, "0xfunder", TREASURY, BigInteger.ONE));
    rail.transactions.put(
        pending,
        new ChainTransaction(
            NetworkId.ETHEREUM, pending, TxStatus.SUCCESS, 7L, 1, 2, null, null, toTreasury));
    rail.transactions.put(
        failed,
        new ChainTransaction(
            NetworkId.ETHEREUM, failed, TxStatus.FAILED, 7L, 5, 2, null, null, List.of()));
    rail.transactions.put(
        elsewhere,
        new ChainTransaction(
            NetworkId.ETHEREUM,
            elsewhere,
            TxStatus.SUCCESS,
            7L,
            5,
            2,
            null,
            null,
            List.of(
                new TokenTransfer(USDT.address(), USDT, "0xfunder", GAS_TANK, BigInteger.ONE))));

    assertThatThrownBy(() -> service.recordFundingTransaction(ADMIN, "ETHEREUM", pending.value()))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("1 of 2");
    assertThatThrownBy(() -> service.recordFundingTransaction(ADMIN, "ETHEREUM", failed.value()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("failed");
    assertThatThrownBy(() -> service.recordFundingTransaction(ADMIN, "ETHEREUM", elsewhere.value()))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(
            () -> service.recordFundingTransaction(ADMIN, "ETHEREUM", "0x" + "4".repeat(64)))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> service.recordFundingTransaction(ADMIN, "POLYGON", pending.value()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("no treasury");
    assertThatThrownBy(
            () ->
                service.recordFundingTransaction(
                    new Caller("u", Role.USER), "ETHEREUM", pending.value()))
        .isInstanceOf(ForbiddenException.class);
    assertThat(ledger.transfers()).isZero();
  }

  private static final Caller ADMIN = new Caller("admin", Role.ADMIN);

  private static Network network(NetworkId id, Token token) {
    return new Network(
        id,
        id.name(),
        ChainFamily.EVM,
        1,
        "ETH",
        2,
        1,
        null,
        List.of(token),
        "http://127.0.0.1:1",
        Map.of());
  }

  private static byte[] key(int fill) {
    byte[] key = new byte[33];
    Arrays.fill(key, (byte) fill);
    return key;
  }
}
