// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {Vm} from "../test/utils/Vm.sol";
import {PaymentGateway} from "../src/PaymentGateway.sol";
import {Escrow} from "../src/Escrow.sol";
import {Subscription} from "../src/Subscription.sol";
import {MultiSigWallet} from "../src/MultiSigWallet.sol";
import {BridgeVault} from "../src/bridge/BridgeVault.sol";

/// @title Deploy
/// @notice Deploys and wires the platform's contracts on one network, exactly as the Java
///         `ContractSuite` does on the local chains (an integration test holds the two to the
///         same result), at the CREATE2 addresses the ops command (`make deploy-contracts`)
///         uses: forge sends `new C{salt: ..}` through the deterministic-deployment proxy, with
///         the command's salts and constructor arguments, so the same deployer lands each
///         contract at the same address either way. Signed by the operator's key where it lives:
///         `--aws` (AWS KMS, `AWS_KMS_KEY_ID`), `--ledger`, or `--account <keystore>`. See
///         docs/contracts.md.
/// @dev Configuration from the environment (lists are comma-separated):
///      STABLEPAY_ADMIN, STABLEPAY_OPERATOR, STABLEPAY_PAUSER, STABLEPAY_TOKENS,
///      STABLEPAY_TREASURY_OWNERS, STABLEPAY_TREASURY_THRESHOLD, STABLEPAY_SETTLEMENT_VAULT
///      (optional; default the treasury multisig), STABLEPAY_RELAYERS,
///      STABLEPAY_RELAYER_THRESHOLD, STABLEPAY_BRIDGE_DESTINATIONS, STABLEPAY_BRIDGE_DAILY_LIMIT.
///      Prints `<registry name>: <address>` for each contract.
contract Deploy {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
    /// @dev forge's console (forge-std is not on npm): a low-level call, as it has no code.
    address internal constant CONSOLE = 0x000000000000000000636F6e736F6c652e6c6f67;

    bytes32 internal constant DEFAULT_ADMIN_ROLE = 0x00;
    bytes32 internal constant OPERATOR_ROLE = keccak256("OPERATOR_ROLE");
    bytes32 internal constant PAUSER_ROLE = keccak256("PAUSER_ROLE");

    /// @dev The ops command's salts: keccak256("stablepay:<registry name>:1").
    bytes32 internal constant TREASURY_SALT = keccak256("stablepay:treasury-multisig:1");
    bytes32 internal constant GATEWAY_SALT = keccak256("stablepay:payment-gateway:1");
    bytes32 internal constant ESCROW_SALT = keccak256("stablepay:escrow:1");
    bytes32 internal constant SUBSCRIPTION_SALT = keccak256("stablepay:subscription:1");
    bytes32 internal constant BRIDGE_SALT = keccak256("stablepay:bridge-vault:1");

    struct Plan {
        address admin;
        address operator;
        address pauser;
        address[] tokens;
        address[] treasuryOwners;
        uint256 treasuryThreshold;
        address settlementVault;
        address[] relayers;
        uint256 relayerThreshold;
        uint256[] bridgeDestinations;
        uint256 bridgeDailyLimit;
    }

    function run() external {
        Plan memory plan = _plan();
        vm.startBroadcast();
        (, address deployer,) = vm.readCallers();

        MultiSigWallet treasury =
            new MultiSigWallet{salt: TREASURY_SALT}(plan.treasuryOwners, plan.treasuryThreshold);

        // the treasury in the constructor whatever the plan says, so the address stays the same
        PaymentGateway gateway = new PaymentGateway{salt: GATEWAY_SALT}(deployer, address(treasury));
        if (plan.settlementVault != address(0) && plan.settlementVault != address(treasury)) {
            gateway.setSettlementVault(plan.settlementVault);
        }
        gateway.grantRole(OPERATOR_ROLE, plan.operator);
        gateway.grantRole(PAUSER_ROLE, plan.pauser);
        for (uint256 i; i < plan.tokens.length; ++i) {
            gateway.setTokenAllowed(plan.tokens[i], true);
        }

        Escrow escrow = new Escrow{salt: ESCROW_SALT}();

        Subscription subscription = new Subscription{salt: SUBSCRIPTION_SALT}(deployer);
        subscription.grantRole(OPERATOR_ROLE, plan.operator);
        subscription.grantRole(PAUSER_ROLE, plan.pauser);

        BridgeVault bridge = new BridgeVault{salt: BRIDGE_SALT}(deployer);
        bridge.grantRole(PAUSER_ROLE, plan.pauser);
        for (uint256 i; i < plan.tokens.length; ++i) {
            bridge.setTokenLimit(plan.tokens[i], plan.bridgeDailyLimit);
        }
        for (uint256 i; i < plan.bridgeDestinations.length; ++i) {
            bridge.setDestinationChain(plan.bridgeDestinations[i], true);
        }
        bridge.setRelayers(plan.relayers, plan.relayerThreshold);

        if (plan.admin != deployer) {
            gateway.grantRole(DEFAULT_ADMIN_ROLE, plan.admin);
            gateway.renounceRole(DEFAULT_ADMIN_ROLE, deployer);
            subscription.grantRole(DEFAULT_ADMIN_ROLE, plan.admin);
            subscription.renounceRole(DEFAULT_ADMIN_ROLE, deployer);
            bridge.grantRole(DEFAULT_ADMIN_ROLE, plan.admin);
            bridge.renounceRole(DEFAULT_ADMIN_ROLE, deployer);
        }
        vm.stopBroadcast();

        _print("treasury-multisig", address(treasury));
        _print("payment-gateway", address(gateway));
        _print("escrow", address(escrow));
        _print("subscription", address(subscription));
        _print("bridge-vault", address(bridge));
    }

    function _print(string memory name, address deployed) private view {
        (bool ok,) = CONSOLE.staticcall(abi.encodeWithSignature("log(string,address)", string.concat(name, ":"), deployed));
        ok; // the console never fails; nothing to do if it is absent
    }

    function _plan() private view returns (Plan memory plan) {
        plan.admin = vm.envAddress("STABLEPAY_ADMIN");
        plan.operator = vm.envAddress("STABLEPAY_OPERATOR");
        plan.pauser = vm.envAddress("STABLEPAY_PAUSER");
        plan.tokens = vm.envAddress("STABLEPAY_TOKENS", ",");
        plan.treasuryOwners = vm.envAddress("STABLEPAY_TREASURY_OWNERS", ",");
        plan.treasuryThreshold = vm.envUint("STABLEPAY_TREASURY_THRESHOLD");
        plan.settlementVault = vm.envOr("STABLEPAY_SETTLEMENT_VAULT", address(0));
        plan.relayers = vm.envAddress("STABLEPAY_RELAYERS", ",");
        plan.relayerThreshold = vm.envUint("STABLEPAY_RELAYER_THRESHOLD");
        plan.bridgeDestinations = vm.envUint("STABLEPAY_BRIDGE_DESTINATIONS", ",");
        plan.bridgeDailyLimit = vm.envUint("STABLEPAY_BRIDGE_DAILY_LIMIT");
    }
}
