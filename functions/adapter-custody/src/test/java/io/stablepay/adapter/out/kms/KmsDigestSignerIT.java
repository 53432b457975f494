package io.stablepay.adapter.out.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.adapter.out.evm.EvmTransactionSigner;
import io.stablepay.core.domain.CustodyUnavailableException;
import io.stablepay.core.domain.custody.Secp256k1Signature;
import io.stablepay.core.port.out.KeyCustody.CustodyKey;
import io.stablepay.devstack.AnvilNode;
import io.stablepay.devstack.FreePorts;
import io.stablepay.devstack.LocalContracts;
import io.stablepay.devstack.MiniStackServer;
import io.stablepay.devstack.TokenDeployer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tron.trident.abi.FunctionEncoder;
import org.tron.trident.abi.datatypes.Address;
import org.tron.trident.abi.datatypes.Function;
import org.tron.trident.abi.datatypes.generated.Uint256;
import org.tron.trident.core.ApiWrapper;
import org.tron.trident.core.key.KeyPair;
import org.tron.trident.core.transaction.BlockId;
import org.tron.trident.core.transaction.SignatureValidator;
import org.tron.trident.proto.Chain;
import org.tron.trident.utils.Base58Check;
import org.web3j.crypto.Keys;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.Sign;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.Transfer;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Convert;
import org.web3j.utils.Numeric;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * The signer port against the emulator's real KMS API: canonical signatures that recover to the
 * key, EVM transactions signed in KMS and mined by anvil with the KMS key as their sender, and a
 * Tron transaction signed in KMS that trident's own validator accepts.
 */
class KmsDigestSignerIT {

  private static final SecureRandom RANDOM = new SecureRandom();

  private static MiniStackServer emulator;
  private static KmsClient kms;
  private static KmsDigestSigner signer;
  private static CustodyKey key;
  private static BigInteger publicPoint;

  @BeforeAll
  static void start() {
    emulator = MiniStackServer.start(0);
    kms =
        KmsClient.builder()
            .endpointOverride(URI.create(emulator.endpoint()))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .build();
    signer = new KmsDigestSigner(kms);
    key = new KmsKeyCustody(kms).createKey("treasury-test");
    publicPoint = Secp256k1Signatures.point(key.publicKey());
  }

  @AfterAll
  static void stop() {
    kms.close();
    emulator.close();
  }

  @Test
  void anUnreachableKmsIsUnavailableAndAnUnknownKeyIsNot() {
    byte[] digest = new byte[32];
    RANDOM.nextBytes(digest);
    // nothing listens there: after the SDK's retries, the caller hears "try again shortly"
    try (KmsClient gone =
        KmsClient.builder()
            .endpointOverride(URI.create("http://127.0.0.1:" + FreePorts.find()))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .build()) {
      assertThatThrownBy(() -> new KmsDigestSigner(gone).sign(key.keyId(), digest))
          .isInstanceOf(CustodyUnavailableException.class)
          .hasMessageContaining("try again shortly")
          .hasCauseInstanceOf(SdkClientException.class);
    }
    // a key that does not exist is the operator's to fix, not a passing failure
    assertThatThrownBy(() -> signer.sign("00000000-0000-0000-0000-000000000000", digest))
        .isInstanceOf(KmsException.class)
        .isNotInstanceOf(CustodyUnavailableException.class);
  }

  @Test
  void kmsReturnsHighSOftenAndTheSignerNeverDoes() {
    int highFromKms = 0;
    for (int i = 0; i < 100; i++) {
      byte[] digest = randomDigest();
      byte[] der =
          kms.sign(
                  r ->
                      r.keyId(key.keyId())
                          .message(SdkBytes.fromByteArray(digest))
                          .messageType(MessageType.DIGEST)
                          .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256))
              .signature()
              .asByteArray();
      BigInteger s = ((ASN1Integer) ASN1Sequence.getInstance(der).getObjectAt(1)).getValue();
      highFromKms += s.compareTo(Secp256k1Signature.HALF_N) > 0 ? 1 : 0;
    }
    assertThat(highFromKms).as("raw KMS signatures with s > n/2, of 100").isBetween(15, 85);

    for (int i = 0; i < 200; i++) {
      byte[] digest = randomDigest();
      Secp256k1Signature signature = signer.sign(key.keyId(), digest);

      assertThat(signature.s()).isLessThanOrEqualTo(Secp256k1Signature.HALF_N);
      BigInteger recovered =
          Sign.recoverFromSignature(
              signature.recoveryId(),
              new org.web3j.crypto.ECDSASignature(signature.r(), signature.s()),
              digest);
      assertThat(recovered).isEqualTo(publicPoint);
    }
  }

  @Test
  void evmTransactionsSignedInKmsAreMinedWithTheKeyAsSender() throws Exception {
    try (AnvilNode anvil = AnvilNode.startWithoutIntervalMining(31337)) {
      Web3j web3j = anvil.web3j();
      String sender = Keys.toChecksumAddress(Keys.getAddress(publicPoint));
      String recipient = "0x000000000000000000000000000000000000bEEF";
      new Transfer(web3j, LocalContracts.account(web3j, 0))
          .sendFunds(sender, BigDecimal.TEN, Convert.Unit.ETHER)
          .send();
      String usdt = TokenDeployer.deployStablecoins(web3j).get("USDT");
      TokenDeployer.mint(web3j, usdt, sender, BigInteger.valueOf(1_000_000_000));
      EvmTransactionSigner transactions = new EvmTransactionSigner(signer);
      BigInteger maxFee = Convert.toWei("20", Convert.Unit.GWEI).toBigInteger();
      BigInteger tip = Convert.toWei("1", Convert.Unit.GWEI).toBigInteger();

      List<String> hashes = new ArrayList<>();
      for (int nonce = 0; nonce < 12; nonce++) {
        RawTransaction transaction =
            nonce % 2 == 0
                ? RawTransaction.createEtherTransaction(
                    31337,
                    BigInteger.valueOf(nonce),
                    BigInteger.valueOf(21_000),
                    recipient,
                    BigInteger.valueOf(1_000),
                    tip,
                    maxFee)
                : RawTransaction.createTransaction(
                    31337,
                    BigInteger.valueOf(nonce),
                    BigInteger.valueOf(100_000),
                    usdt,
                    BigInteger.ZERO,
                    org.web3j.abi.FunctionEncoder.encode(
                        new org.web3j.abi.datatypes.Function(
                            "transfer",
                            List.of(
                                new org.web3j.abi.datatypes.Address(recipient),
                                new org.web3j.abi.datatypes.generated.Uint256(3_000_000)),
                            List.of())),
                    tip,
                    maxFee);
        String signed = Numeric.toHexString(transactions.sign(transaction, key.keyId()));

        SignedRawTransaction decoded = (SignedRawTransaction) TransactionDecoder.decode(signed);
        assertThat(new BigInteger(1, decoded.getSignatureData().getS()))
            .isLessThanOrEqualTo(Secp256k1Signature.HALF_N);
        assertThat(decoded.getFrom()).isEqualToIgnoringCase(sender);
        hashes.add(web3j.ethSendRawTransaction(signed).send().getTransactionHash());
      }

      for (String hash : hashes) {
        assertThat(hash).isNotNull();
        TransactionReceipt receipt =
            new PollingTransactionReceiptProcessor(web3j, 100, 100).waitForTransactionReceipt(hash);
        assertThat(receipt.isStatusOK()).as(hash).isTrue();
        assertThat(receipt.getFrom()).isEqualToIgnoringCase(sender);
      }
      assertThat(
              web3j.ethGetBalance(recipient, DefaultBlockParameterName.LATEST).send().getBalance())
          .isEqualTo(BigInteger.valueOf(6_000));
      assertThat(
              web3j
                  .ethGetTransactionCount(sender, DefaultBlockParameterName.LATEST)
                  .send()
                  .getTransactionCount())
          .isEqualTo(BigInteger.valueOf(12));
    }
  }

  @Test
  void aTronTransferSignedInKmsVerifiesWithTridentsValidator() throws Exception {
    byte[] payload = new byte[21];
    payload[0] = 0x41;
    System.arraycopy(Numeric.hexStringToByteArray(Keys.getAddress(publicPoint)), 0, payload, 1, 20);
    String owner = Base58Check.bytesToBase58(payload);
    byte[] blockHash = new byte[32];
    RANDOM.nextBytes(blockHash);
    long blockNumber = 70_000_123L;
    System.arraycopy(
        org.tron.trident.core.utils.ByteArray.fromLong(blockNumber), 0, blockHash, 0, 8);

    // no node: the wrapper builds the transaction locally from a reference block; its own key is
    // a throwaway trident needs to construct, never used to sign
    ApiWrapper api =
        new ApiWrapper("127.0.0.1:1", "127.0.0.1:1", KeyPair.generate().toPrivateKey());
    try {
      api.enableLocalCreate(
          new BlockId(blockHash, blockNumber), System.currentTimeMillis() + 60_000);
      String data =
          FunctionEncoder.encode(
              new Function(
                  "transfer",
                  List.of(
                      new Address("TJRabPrwbZy45sbavfcjinPJC18kjpRTv8"),
                      new Uint256(BigInteger.valueOf(3_000_000))),
                  List.of()));
      Chain.Transaction unsigned =
          api.triggerContract(
                  owner, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", data, 0, 0, null, 30_000_000L)
              .getTransaction();
      byte[] txid =
          MessageDigest.getInstance("SHA-256").digest(unsigned.getRawData().toByteArray());

      byte[] signature = signer.sign(key.keyId(), txid).rsv();

      assertThat(signature[64]).isIn((byte) 0, (byte) 1);
      assertThat(SignatureValidator.verify(txid, signature, payload)).isTrue();
    } finally {
      api.close();
    }
  }

  private static byte[] randomDigest() {
    byte[] digest = new byte[32];
    RANDOM.nextBytes(digest);
    return digest;
  }
}
