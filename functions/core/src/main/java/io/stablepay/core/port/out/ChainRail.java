package io.stablepay.core.port.out;

import io.stablepay.core.domain.AddressCheck;
import io.stablepay.core.domain.ChainTransaction;
import io.stablepay.core.domain.ComponentHealth;
import io.stablepay.core.domain.FeeQuote;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.TransferEstimate;
import io.stablepay.core.domain.TxHash;
import java.math.BigInteger;

/**
 * One payment rail (a chain family): everything the core asks of a chain, answered by an adapter
 * per family (web3j for EVM, trident for Tron). A new network of a known family is configuration; a
 * new family is a new implementation of this port.
 *
 * <p>Every network-reading method except {@link #health} throws {@link
 * io.stablepay.core.domain.ChainUnavailableException} when the node cannot be reached or none is
 * configured.
 */
public interface ChainRail extends PerFamily {

  /** Checks an address's syntax and checksum for this family; never calls a node. */
  AddressCheck validateAddress(String address);

  /**
   * The address of a secp256k1 public key on this family (EIP-55 for EVM, base58 for Tron).
   *
   * @param subjectPublicKeyInfo the DER SubjectPublicKeyInfo, as KMS GetPublicKey returns it
   */
  String addressOf(byte[] subjectPublicKeyInfo);

  FeeQuote fees(Network network);

  ChainTransaction transaction(Network network, TxHash hash);

  /**
   * Estimates a token transfer of {@code amount} base units of {@code token} from {@code from} to
   * {@code to}, both already validated and normalised.
   */
  TransferEstimate estimateTransfer(
      Network network, Token token, String from, String to, BigInteger amount);

  /**
   * The address that signed {@code message} with the chain's wallet message-signing scheme,
   * normalised as {@link #validateAddress} returns it (EIP-55 for EVM, base58 for Tron). EVM:
   * EIP-191 {@code personal_sign}: keccak256 of the byte 0x19, {@code "Ethereum Signed Message:"},
   * a newline, the message's UTF-8 byte length in decimal, then the message. Tron: TronWeb's {@code
   * signMessageV2}, the same with {@code "TRON Signed Message:"}. Never calls a node.
   *
   * @param message the signed text, hashed as its UTF-8 bytes
   * @param signature hex of the 65 bytes r||s||v, with or without 0x; v is 27 or 28 (0 or 1 is
   *     accepted too)
   * @throws io.stablepay.core.domain.InvalidRequestException if the signature is malformed (not
   *     hex, not 65 bytes, v out of range, r or s out of range, s above half the curve order) or no
   *     key can be recovered from it; never anything else for bad input
   */
  String recoverMessageSigner(String message, String signature);

  /**
   * The balance of {@code token} held by {@code address} (already validated and normalised) at the
   * latest block, in the token's base units.
   */
  BigInteger tokenBalance(Network network, Token token, String address);

  /**
   * The native coin balance (wei, sun) of {@code address} (already validated and normalised) at the
   * latest block.
   */
  BigInteger nativeBalance(Network network, String address);

  /**
   * Whether the network's node answers and is the chain the registry says it is (chain id). Never
   * throws.
   */
  ComponentHealth health(Network network);
}
