package io.stablepay.adapter.out.evm;

import java.math.BigInteger;
import java.util.List;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;

/** The two pieces of the ERC-20 ABI the rail needs: {@code transfer} calldata and the event. */
final class Erc20 {

  static final Event TRANSFER_EVENT =
      new Event(
          "Transfer",
          List.of(
              new TypeReference<Address>(true) {},
              new TypeReference<Address>(true) {},
              new TypeReference<Uint256>(false) {}));

  /** keccak256("Transfer(address,address,uint256)"). */
  static final String TRANSFER_TOPIC = EventEncoder.encode(TRANSFER_EVENT);

  private Erc20() {}

  static String transferCall(String to, BigInteger amount) {
    return FunctionEncoder.encode(
        new Function("transfer", List.of(new Address(to), new Uint256(amount)), List.of()));
  }
}
