package io.stablepay.adapter.out.tron;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.tron.trident.core.transaction.SignatureValidator;
import org.tron.trident.proto.Chain;
import org.tron.trident.proto.Contract.TriggerSmartContract;
import org.tron.trident.proto.Response;

/**
 * The responses the fake node serves are what a Tron node sends: the recorded block hashes to its
 * published id, and each transaction's id and signature check out the way java-tron checks them.
 */
class TronFixturesTest {

  private static byte[] sha256(byte[] bytes) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(bytes);
  }

  @Test
  void theRecordedBlockHashesToItsPublishedId() throws Exception {
    Response.BlockExtention block =
        TronFixtures.read("now-block", Response.BlockExtention.getDefaultInstance());

    byte[] id = block.getBlockid().toByteArray();
    byte[] headerHash = sha256(block.getBlockHeader().getRawData().toByteArray());
    assertThat(HexFormat.of().formatHex(id))
        .isEqualTo("0000000003fe262d52bfa4b2814f816fd2e57af5b98a33d60d8630a03a908e0e")
        .startsWith(String.format("%016x", block.getBlockHeader().getRawData().getNumber()))
        .endsWith(HexFormat.of().formatHex(headerHash, 8, 32));
  }

  @Test
  void theTransactionsIdsAreTheirRawDataHashesAndTheirSignaturesVerify() throws Exception {
    for (String name : new String[] {"transaction-success", "transaction-revert"}) {
      Chain.Transaction transaction =
          TronFixtures.read(name, Chain.Transaction.getDefaultInstance());
      byte[] txid = sha256(transaction.getRawData().toByteArray());
      byte[] owner =
          transaction
              .getRawData()
              .getContract(0)
              .getParameter()
              .unpack(TriggerSmartContract.class)
              .getOwnerAddress()
              .toByteArray();

      assertThat(SignatureValidator.verify(txid, transaction.getSignature(0).toByteArray(), owner))
          .as(name)
          .isTrue();
    }
    Chain.Transaction recorded =
        TronFixtures.read("transaction-success", Chain.Transaction.getDefaultInstance());
    assertThat(HexFormat.of().formatHex(sha256(recorded.getRawData().toByteArray())))
        .isEqualTo("c70b20da8cb8d96a99c1aceb283412acb9dea313a9e467178431a3c6ae8b9f08");
  }

  @Test
  void eachReceiptNamesItsTransaction() throws Exception {
    for (String name : new String[] {"success", "revert"}) {
      Chain.Transaction transaction =
          TronFixtures.read("transaction-" + name, Chain.Transaction.getDefaultInstance());
      Response.TransactionInfo info =
          TronFixtures.read(
              "transaction-info-" + name, Response.TransactionInfo.getDefaultInstance());

      assertThat(info.getId().toByteArray())
          .as(name)
          .isEqualTo(sha256(transaction.getRawData().toByteArray()));
    }
  }
}
