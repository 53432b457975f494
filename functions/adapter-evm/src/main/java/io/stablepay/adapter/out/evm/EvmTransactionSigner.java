package io.stablepay.adapter.out.evm;

import io.micronaut.context.annotation.Requires;
import io.stablepay.core.domain.custody.Secp256k1Signature;
import io.stablepay.core.port.out.DigestSigner;
import jakarta.inject.Singleton;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.Sign;
import org.web3j.crypto.TransactionEncoder;

/**
 * Signs EVM transactions with a custody key through the {@link DigestSigner} port: the digest is
 * keccak-256 of the transaction's signing payload (for EIP-1559, {@code 0x02 || rlp(fields)}, the
 * chain id among them), and the signature is handed to web3j's encoder with v = 27 + recovery id,
 * which web3j turns into the y-parity a type-2 transaction carries.
 */
@Singleton
@Requires(beans = DigestSigner.class)
public final class EvmTransactionSigner {

  private final DigestSigner signer;

  public EvmTransactionSigner(DigestSigner signer) {
    this.signer = signer;
  }

  /** The signed transaction, ready for {@code eth_sendRawTransaction}. */
  public byte[] sign(RawTransaction transaction, String keyId) {
    byte[] digest = Hash.sha3(TransactionEncoder.encode(transaction));
    return TransactionEncoder.encode(transaction, signatureData(signer.sign(keyId, digest)));
  }

  /** web3j's form of a signature: v = 27 or 28, r and s as 32 bytes. */
  static Sign.SignatureData signatureData(Secp256k1Signature signature) {
    return new Sign.SignatureData(
        (byte) (27 + signature.recoveryId()),
        Secp256k1Signature.unsigned32(signature.r()),
        Secp256k1Signature.unsigned32(signature.s()));
  }
}
