// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {Test} from "./utils/Test.sol";
import {PaymentGateway} from "../src/PaymentGateway.sol";
import {TestStablecoin} from "../src/test/TestStablecoin.sol";
import {FeeOnTransferToken} from "./mocks/FeeOnTransferToken.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

contract PaymentGatewayTest is Test {
    event PaymentCompleted(bytes32 indexed paymentRef, address indexed payer, address indexed token, uint256 amount);
    event PaymentRefunded(
        bytes32 indexed paymentRef, address indexed payer, address indexed token, uint256 amount, address operator
    );

    event TokenAllowed(address indexed token, bool allowed);
    event SettlementVaultChanged(address indexed previousVault, address indexed newVault);
    event StrayTokensSwept(address indexed token, address indexed vault, uint256 amount);

    bytes32 internal constant REF = keccak256("merchant-1/order-42");
    uint256 internal constant PAYER_KEY = 0xA11CE;

    PaymentGateway internal gateway;
    TestStablecoin internal usdc;
    address internal admin = makeAddr("admin");
    address internal operator = makeAddr("operator");
    address internal pauser = makeAddr("pauser");
    address internal vault = makeAddr("vault");
    address internal payer;

    function setUp() public {
        payer = vm.addr(PAYER_KEY);
        gateway = new PaymentGateway(admin, vault);
        usdc = new TestStablecoin("USD Coin", "USDC", 6);
        vm.startPrank(admin);
        gateway.grantRole(gateway.OPERATOR_ROLE(), operator);
        gateway.grantRole(gateway.PAUSER_ROLE(), pauser);
        gateway.setTokenAllowed(address(usdc), true);
        vm.stopPrank();
        usdc.mint(payer, 1_000e6);
        vm.prank(payer);
        usdc.approve(address(gateway), type(uint256).max);
        vm.prank(vault);
        usdc.approve(address(gateway), type(uint256).max);
    }

    function test_constructorRejectsZeroAddresses() public {
        vm.expectRevert(PaymentGateway.ZeroAddress.selector);
        new PaymentGateway(address(0), vault);
        vm.expectRevert(PaymentGateway.ZeroAddress.selector);
        new PaymentGateway(admin, address(0));
    }

    function test_payForwardsToVaultAndEmitsReference() public {
        vm.expectEmit(address(gateway));
        emit PaymentCompleted(REF, payer, address(usdc), 25e6);
        vm.prank(payer);
        gateway.pay(REF, address(usdc), 25e6);

        vm.assertEq(usdc.balanceOf(vault), 25e6);
        vm.assertEq(usdc.balanceOf(payer), 975e6);
        vm.assertEq(usdc.balanceOf(address(gateway)), 0);
        (uint256 paid, uint256 refunded) = gateway.paymentOf(REF, payer, address(usdc));
        vm.assertEq(paid, 25e6);
        vm.assertEq(refunded, 0);
    }

    function test_paymentsToTheSameReferenceAccumulate() public {
        vm.startPrank(payer);
        gateway.pay(REF, address(usdc), 10e6);
        gateway.pay(REF, address(usdc), 5e6);
        vm.stopPrank();
        (uint256 paid,) = gateway.paymentOf(REF, payer, address(usdc));
        vm.assertEq(paid, 15e6);
    }

    function test_payRejectsZeroReference() public {
        vm.prank(payer);
        vm.expectRevert(PaymentGateway.ZeroPaymentRef.selector);
        gateway.pay(bytes32(0), address(usdc), 1e6);
    }

    function test_payRejectsZeroAmount() public {
        vm.prank(payer);
        vm.expectRevert(PaymentGateway.ZeroAmount.selector);
        gateway.pay(REF, address(usdc), 0);
    }

    function test_payRejectsTokensNotAllowed() public {
        TestStablecoin other = new TestStablecoin("Other", "OTH", 6);
        vm.prank(payer);
        vm.expectRevert(abi.encodeWithSelector(PaymentGateway.TokenNotAllowed.selector, address(other)));
        gateway.pay(REF, address(other), 1e6);
    }

    function test_payRejectsTokenOnceDisallowed() public {
        vm.prank(admin);
        gateway.setTokenAllowed(address(usdc), false);
        vm.prank(payer);
        vm.expectRevert(abi.encodeWithSelector(PaymentGateway.TokenNotAllowed.selector, address(usdc)));
        gateway.pay(REF, address(usdc), 1e6);
    }

    function test_payWithoutAllowanceReverts() public {
        address stranger = makeAddr("stranger");
        usdc.mint(stranger, 10e6);
        vm.prank(stranger);
        vm.expectRevert();
        gateway.pay(REF, address(usdc), 10e6);
        vm.assertEq(usdc.balanceOf(vault), 0);
    }

    function test_payRefusesFeeOnTransferTokens() public {
        FeeOnTransferToken fee = new FeeOnTransferToken(100);
        vm.prank(admin);
        gateway.setTokenAllowed(address(fee), true);
        fee.mint(payer, 100e6);
        vm.startPrank(payer);
        fee.approve(address(gateway), type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(PaymentGateway.UnexpectedAmountReceived.selector, 100e6, 99e6));
        gateway.pay(REF, address(fee), 100e6);
        vm.stopPrank();
    }

    function test_pausedGatewayRejectsPayments() public {
        vm.prank(pauser);
        gateway.pause();
        vm.prank(payer);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        gateway.pay(REF, address(usdc), 1e6);

        vm.prank(pauser);
        gateway.unpause();
        vm.prank(payer);
        gateway.pay(REF, address(usdc), 1e6);
        vm.assertEq(usdc.balanceOf(vault), 1e6);
    }

    function test_onlyPauserPauses() public {
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, admin, gateway.PAUSER_ROLE())
        );
        vm.prank(admin);
        gateway.pause();
    }

    function test_payWithPermitNeedsNoPriorApproval() public {
        address signer = vm.addr(0xB0B);
        usdc.mint(signer, 50e6);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _permit(0xB0B, signer, 50e6, deadline);

        vm.expectEmit(address(gateway));
        emit PaymentCompleted(REF, signer, address(usdc), 50e6);
        vm.prank(signer);
        gateway.payWithPermit(REF, address(usdc), 50e6, deadline, v, r, s);
        vm.assertEq(usdc.balanceOf(vault), 50e6);
    }

    function test_payWithPermitSurvivesAFrontRunPermit() public {
        address signer = vm.addr(0xB0B);
        usdc.mint(signer, 50e6);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _permit(0xB0B, signer, 50e6, deadline);
        usdc.permit(signer, address(gateway), 50e6, deadline, v, r, s); // someone copied it

        vm.prank(signer);
        gateway.payWithPermit(REF, address(usdc), 50e6, deadline, v, r, s);
        vm.assertEq(usdc.balanceOf(vault), 50e6);
    }

    function test_payWithInvalidPermitReverts() public {
        address signer = vm.addr(0xB0B);
        usdc.mint(signer, 50e6);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _permit(0xB0B, signer, 10e6, deadline); // signed for less

        vm.prank(signer);
        vm.expectRevert(abi.encodeWithSelector(PaymentGateway.InsufficientPermitAllowance.selector, 0, 50e6));
        gateway.payWithPermit(REF, address(usdc), 50e6, deadline, v, r, s);
    }

    function test_refundReturnsToTheOriginalPayer() public {
        vm.prank(payer);
        gateway.pay(REF, address(usdc), 40e6);

        vm.expectEmit(address(gateway));
        emit PaymentRefunded(REF, payer, address(usdc), 15e6, operator);
        vm.prank(operator);
        gateway.refundPayment(REF, payer, address(usdc), 15e6);

        vm.assertEq(usdc.balanceOf(payer), 975e6);
        vm.assertEq(usdc.balanceOf(vault), 25e6);
        (, uint256 refunded) = gateway.paymentOf(REF, payer, address(usdc));
        vm.assertEq(refunded, 15e6);
    }

    function test_refundNeverExceedsWhatWasPaid() public {
        vm.prank(payer);
        gateway.pay(REF, address(usdc), 40e6);
        vm.startPrank(operator);
        gateway.refundPayment(REF, payer, address(usdc), 30e6);
        vm.expectRevert(abi.encodeWithSelector(PaymentGateway.RefundExceedsPayment.selector, 10e6, 10e6 + 1));
        gateway.refundPayment(REF, payer, address(usdc), 10e6 + 1);
        gateway.refundPayment(REF, payer, address(usdc), 10e6);
        vm.expectRevert(abi.encodeWithSelector(PaymentGateway.RefundExceedsPayment.selector, 0, 1));
        gateway.refundPayment(REF, payer, address(usdc), 1);
        vm.stopPrank();
    }

    function test_refundToSomeoneWhoDidNotPayReverts() public {
        vm.prank(payer);
        gateway.pay(REF, address(usdc), 40e6);
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(PaymentGateway.RefundExceedsPayment.selector, 0, 1e6));
        gateway.refundPayment(REF, operator, address(usdc), 1e6);
    }

    function test_refundRejectsZeroAmount() public {
        vm.prank(operator);
        vm.expectRevert(PaymentGateway.ZeroAmount.selector);
        gateway.refundPayment(REF, payer, address(usdc), 0);
    }

    function test_onlyOperatorRefunds() public {
        vm.prank(payer);
        gateway.pay(REF, address(usdc), 40e6);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, payer, gateway.OPERATOR_ROLE())
        );
        vm.prank(payer);
        gateway.refundPayment(REF, payer, address(usdc), 1e6);
    }

    function test_refundWorksWhilePaused() public {
        vm.prank(payer);
        gateway.pay(REF, address(usdc), 40e6);
        vm.prank(pauser);
        gateway.pause();
        vm.prank(operator);
        gateway.refundPayment(REF, payer, address(usdc), 40e6);
        vm.assertEq(usdc.balanceOf(payer), 1_000e6);
    }

    function test_adminSettersRequireAdminAndRejectZero() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, operator, gateway.DEFAULT_ADMIN_ROLE()
            )
        );
        vm.prank(operator);
        gateway.setTokenAllowed(address(usdc), false);

        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, operator, gateway.DEFAULT_ADMIN_ROLE()
            )
        );
        vm.prank(operator);
        gateway.setSettlementVault(operator);

        vm.startPrank(admin);
        vm.expectRevert(PaymentGateway.ZeroAddress.selector);
        gateway.setTokenAllowed(address(0), true);
        vm.expectRevert(PaymentGateway.ZeroAddress.selector);
        gateway.setSettlementVault(address(0));
        vm.stopPrank();
    }

    function test_tokenAllowlistChangesAreAnnounced() public {
        TestStablecoin other = new TestStablecoin("Other", "OTH", 6);
        vm.expectEmit(address(gateway));
        emit TokenAllowed(address(other), true);
        vm.prank(admin);
        gateway.setTokenAllowed(address(other), true);
        vm.assertTrue(gateway.allowedTokens(address(other)));
    }

    function test_newVaultReceivesLaterPayments() public {
        address newVault = makeAddr("newVault");
        vm.expectEmit(address(gateway));
        emit SettlementVaultChanged(vault, newVault);
        vm.prank(admin);
        gateway.setSettlementVault(newVault);
        vm.prank(payer);
        gateway.pay(REF, address(usdc), 3e6);
        vm.assertEq(usdc.balanceOf(newVault), 3e6);
        vm.assertEq(usdc.balanceOf(vault), 0);
    }

    function test_strayTokensAreSweptToTheVault() public {
        vm.prank(payer);
        vm.assertTrue(usdc.transfer(address(gateway), 7e6));
        vm.expectEmit(address(gateway));
        emit StrayTokensSwept(address(usdc), vault, 7e6);
        vm.prank(admin);
        gateway.sweepStrayTokens(address(usdc));
        vm.assertEq(usdc.balanceOf(address(gateway)), 0);
        vm.assertEq(usdc.balanceOf(vault), 7e6);

        vm.prank(admin);
        vm.expectRevert(PaymentGateway.ZeroAmount.selector);
        gateway.sweepStrayTokens(address(usdc));
    }

    function test_gatewayRejectsEther() public {
        vm.deal(payer, 1 ether);
        vm.prank(payer);
        (bool ok,) = address(gateway).call{value: 1 ether}("");
        vm.assertFalse(ok, "the gateway must not accept ether");
    }

    function testFuzz_gatewayHoldsNothingAfterAnyPayment(bytes32 ref, uint256 amount) public {
        vm.assume(ref != bytes32(0));
        amount = bound(amount, 1, 1_000e6);
        vm.prank(payer);
        gateway.pay(ref, address(usdc), amount);
        vm.assertEq(usdc.balanceOf(address(gateway)), 0);
        vm.assertEq(usdc.balanceOf(vault), amount);
    }

    function testFuzz_refundsNeverExceedPayments(uint256 paid, uint256 first, uint256 second) public {
        paid = bound(paid, 1, 1_000e6);
        first = bound(first, 1, paid);
        second = bound(second, 1, 2_000e6);
        vm.prank(payer);
        gateway.pay(REF, address(usdc), paid);
        vm.startPrank(operator);
        gateway.refundPayment(REF, payer, address(usdc), first);
        if (first + second > paid) {
            vm.expectRevert(abi.encodeWithSelector(PaymentGateway.RefundExceedsPayment.selector, paid - first, second));
        }
        gateway.refundPayment(REF, payer, address(usdc), second);
        vm.stopPrank();
        (uint256 p, uint256 refunded) = gateway.paymentOf(REF, payer, address(usdc));
        vm.assertLe(refunded, p);
    }

    function _permit(uint256 key, address owner, uint256 value, uint256 deadline)
        private
        view
        returns (uint8, bytes32, bytes32)
    {
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
                owner,
                address(gateway),
                value,
                usdc.nonces(owner),
                deadline
            )
        );
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", usdc.DOMAIN_SEPARATOR(), structHash));
        return vm.sign(key, digest);
    }
}

/// @notice Random payments and refunds by several payers; the gateway must end every call empty
///         and refunds must never exceed payments.
contract GatewayHandler is Test {
    PaymentGateway internal immutable gateway;
    TestStablecoin internal immutable token;
    address internal immutable operator;
    address[3] internal payers;
    bytes32[2] internal refs = [keccak256("a"), keccak256("b")];

    uint256 public totalPaid;
    uint256 public totalRefunded;

    constructor(PaymentGateway gateway_, TestStablecoin token_, address operator_, address vault) {
        gateway = gateway_;
        token = token_;
        operator = operator_;
        for (uint256 i; i < payers.length; i++) {
            // forge-lint: disable-next-line(unsafe-typecast)
            payers[i] = address(uint160(0x1000 + i));
            vm.prank(payers[i]);
            token.approve(address(gateway), type(uint256).max);
        }
        vm.prank(vault);
        token.approve(address(gateway), type(uint256).max);
    }

    function pay(uint256 payerSeed, uint256 refSeed, uint256 amount) external {
        address payer = payers[payerSeed % payers.length];
        amount = bound(amount, 1, 1_000e6);
        token.mint(payer, amount);
        vm.prank(payer);
        gateway.pay(refs[refSeed % refs.length], address(token), amount);
        totalPaid += amount;
    }

    function refund(uint256 payerSeed, uint256 refSeed, uint256 amount) external {
        address payer = payers[payerSeed % payers.length];
        bytes32 ref = refs[refSeed % refs.length];
        (uint256 paid, uint256 refunded) = gateway.paymentOf(ref, payer, address(token));
        if (paid == refunded) return;
        amount = bound(amount, 1, paid - refunded);
        vm.prank(operator);
        gateway.refundPayment(ref, payer, address(token), amount);
        totalRefunded += amount;
    }
}

contract PaymentGatewayInvariantTest is Test {
    PaymentGateway internal gateway;
    TestStablecoin internal token;
    GatewayHandler internal handler;
    address internal vault = makeAddr("vault");

    function setUp() public {
        address admin = makeAddr("admin");
        address operator = makeAddr("operator");
        gateway = new PaymentGateway(admin, vault);
        token = new TestStablecoin("Tether USD", "USDT", 6);
        handler = new GatewayHandler(gateway, token, operator, vault);
        token.transferOwnership(address(handler));
        vm.startPrank(admin);
        gateway.grantRole(gateway.OPERATOR_ROLE(), operator);
        gateway.setTokenAllowed(address(token), true);
        vm.stopPrank();
        targetContract(address(handler));
    }

    function invariant_gatewayHoldsNothing() public view {
        vm.assertEq(token.balanceOf(address(gateway)), 0);
    }

    function invariant_vaultHoldsPaymentsMinusRefunds() public view {
        vm.assertLe(handler.totalRefunded(), handler.totalPaid());
        vm.assertEq(token.balanceOf(vault), handler.totalPaid() - handler.totalRefunded());
    }
}
