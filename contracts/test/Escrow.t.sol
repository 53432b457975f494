// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {Test} from "./utils/Test.sol";
import {Escrow} from "../src/Escrow.sol";
import {TestStablecoin} from "../src/test/TestStablecoin.sol";
import {FeeOnTransferToken} from "./mocks/FeeOnTransferToken.sol";

contract EscrowTest is Test {
    event EscrowCreated(
        bytes32 indexed id,
        address indexed depositor,
        address indexed beneficiary,
        address token,
        uint256 amount,
        uint64 releaseAfter,
        address arbiter
    );
    event EscrowReleased(bytes32 indexed id, address indexed by, address indexed beneficiary, uint256 amount);
    event EscrowRefunded(bytes32 indexed id, address indexed by, address indexed depositor, uint256 amount);
    event EscrowDisputed(bytes32 indexed id, address indexed by);

    bytes32 internal constant ID = keccak256("escrow-1");
    uint64 internal constant IN_A_WEEK = 7 days;

    Escrow internal escrow;
    TestStablecoin internal usdt;
    address internal depositor = makeAddr("depositor");
    address internal beneficiary = makeAddr("beneficiary");
    address internal arbiter = makeAddr("arbiter");
    address internal stranger = makeAddr("stranger");

    function setUp() public {
        escrow = new Escrow();
        usdt = new TestStablecoin("Tether USD", "USDT", 6);
        usdt.mint(depositor, 1_000e6);
        vm.prank(depositor);
        usdt.approve(address(escrow), type(uint256).max);
    }

    function _create(uint64 releaseAfter) internal {
        vm.prank(depositor);
        escrow.createEscrow(ID, address(usdt), beneficiary, 100e6, releaseAfter, arbiter);
    }

    function test_createPullsFundsAndRecordsTheDeal() public {
        uint64 releaseAfter = uint64(block.timestamp) + IN_A_WEEK;
        vm.expectEmit(address(escrow));
        emit EscrowCreated(ID, depositor, beneficiary, address(usdt), 100e6, releaseAfter, arbiter);
        _create(releaseAfter);

        vm.assertEq(usdt.balanceOf(address(escrow)), 100e6);
        Escrow.Deal memory deal = escrow.getEscrow(ID);
        vm.assertEq(deal.depositor, depositor);
        vm.assertEq(deal.beneficiary, beneficiary);
        vm.assertEq(deal.arbiter, arbiter);
        vm.assertEq(deal.amount, 100e6);
        vm.assertEq(uint256(deal.releaseAfter), uint256(releaseAfter));
        vm.assertTrue(deal.status == Escrow.Status.PENDING);
    }

    function test_createValidatesItsInput() public {
        vm.startPrank(depositor);
        vm.expectRevert(Escrow.ZeroEscrowId.selector);
        escrow.createEscrow(bytes32(0), address(usdt), beneficiary, 1, 0, arbiter);
        vm.expectRevert(Escrow.ZeroAddress.selector);
        escrow.createEscrow(ID, address(0), beneficiary, 1, 0, arbiter);
        vm.expectRevert(Escrow.ZeroAddress.selector);
        escrow.createEscrow(ID, address(usdt), address(0), 1, 0, arbiter);
        vm.expectRevert(Escrow.ZeroAddress.selector);
        escrow.createEscrow(ID, address(usdt), beneficiary, 1, 0, address(0));
        vm.expectRevert(Escrow.ZeroAmount.selector);
        escrow.createEscrow(ID, address(usdt), beneficiary, 0, 0, arbiter);
        vm.expectRevert(Escrow.InvalidParties.selector);
        escrow.createEscrow(ID, address(usdt), depositor, 1, 0, arbiter);
        vm.expectRevert(Escrow.InvalidParties.selector);
        escrow.createEscrow(ID, address(usdt), beneficiary, 1, 0, depositor);
        vm.expectRevert(Escrow.InvalidParties.selector);
        escrow.createEscrow(ID, address(usdt), beneficiary, 1, 0, beneficiary);
        vm.stopPrank();
    }

    function test_idsAreNeverReused() public {
        _create(0);
        vm.prank(depositor);
        vm.expectRevert(abi.encodeWithSelector(Escrow.EscrowExists.selector, ID));
        escrow.createEscrow(ID, address(usdt), beneficiary, 1e6, 0, arbiter);

        vm.prank(depositor);
        escrow.release(ID);
        vm.prank(depositor);
        vm.expectRevert(abi.encodeWithSelector(Escrow.EscrowExists.selector, ID));
        escrow.createEscrow(ID, address(usdt), beneficiary, 1e6, 0, arbiter);
    }

    function test_createRefusesFeeOnTransferTokens() public {
        FeeOnTransferToken fee = new FeeOnTransferToken(100);
        fee.mint(depositor, 100e6);
        vm.startPrank(depositor);
        fee.approve(address(escrow), type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(Escrow.UnexpectedAmountReceived.selector, 100e6, 99e6));
        escrow.createEscrow(ID, address(fee), beneficiary, 100e6, 0, arbiter);
        vm.stopPrank();
    }

    function test_depositorReleasesToBeneficiary() public {
        _create(0);
        vm.expectEmit(address(escrow));
        emit EscrowReleased(ID, depositor, beneficiary, 100e6);
        vm.prank(depositor);
        escrow.release(ID);
        vm.assertEq(usdt.balanceOf(beneficiary), 100e6);
        vm.assertEq(usdt.balanceOf(address(escrow)), 0);
        vm.assertTrue(escrow.getEscrow(ID).status == Escrow.Status.RELEASED);
    }

    function test_arbiterReleases() public {
        _create(0);
        vm.prank(arbiter);
        escrow.release(ID);
        vm.assertEq(usdt.balanceOf(beneficiary), 100e6);
    }

    function test_beneficiaryCannotReleaseToThemselves() public {
        _create(0);
        vm.prank(beneficiary);
        vm.expectRevert(abi.encodeWithSelector(Escrow.NotAllowed.selector, ID, beneficiary));
        escrow.release(ID);
    }

    function test_anyoneReleasesAfterTheReleaseTime() public {
        _create(uint64(block.timestamp) + IN_A_WEEK);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Escrow.NotAllowed.selector, ID, stranger));
        escrow.release(ID);

        vm.warp(block.timestamp + IN_A_WEEK);
        vm.prank(stranger);
        escrow.release(ID);
        vm.assertEq(usdt.balanceOf(beneficiary), 100e6);
    }

    function test_noReleaseTimeMeansNoAutomaticRelease() public {
        _create(0);
        vm.warp(block.timestamp + 3650 days);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Escrow.NotAllowed.selector, ID, stranger));
        escrow.release(ID);
    }

    function test_disputeFreezesAutomaticReleaseUntilTheArbiterDecides() public {
        _create(uint64(block.timestamp) + IN_A_WEEK);
        vm.expectEmit(address(escrow));
        emit EscrowDisputed(ID, beneficiary);
        vm.prank(beneficiary);
        escrow.dispute(ID);

        vm.warp(block.timestamp + IN_A_WEEK);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Escrow.NotAllowed.selector, ID, stranger));
        escrow.release(ID);

        vm.prank(arbiter);
        escrow.refund(ID);
        vm.assertEq(usdt.balanceOf(depositor), 1_000e6);
    }

    function test_disputeRules() public {
        _create(0);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Escrow.NotAllowed.selector, ID, stranger));
        escrow.dispute(ID);
        vm.prank(arbiter);
        vm.expectRevert(abi.encodeWithSelector(Escrow.NotAllowed.selector, ID, arbiter));
        escrow.dispute(ID);

        vm.prank(depositor);
        escrow.dispute(ID);
        vm.prank(beneficiary);
        vm.expectRevert(abi.encodeWithSelector(Escrow.AlreadyDisputed.selector, ID));
        escrow.dispute(ID);
        vm.assertTrue(escrow.getEscrow(ID).disputed);
    }

    function test_partiesCanGiveInDuringADispute() public {
        _create(0);
        vm.prank(beneficiary);
        escrow.dispute(ID);
        vm.prank(depositor);
        escrow.release(ID);
        vm.assertEq(usdt.balanceOf(beneficiary), 100e6);
    }

    function test_beneficiaryRefundsToDepositor() public {
        _create(0);
        vm.expectEmit(address(escrow));
        emit EscrowRefunded(ID, beneficiary, depositor, 100e6);
        vm.prank(beneficiary);
        escrow.refund(ID);
        vm.assertEq(usdt.balanceOf(depositor), 1_000e6);
        vm.assertTrue(escrow.getEscrow(ID).status == Escrow.Status.REFUNDED);
    }

    function test_depositorCannotRefundThemselves() public {
        _create(0);
        vm.prank(depositor);
        vm.expectRevert(abi.encodeWithSelector(Escrow.NotAllowed.selector, ID, depositor));
        escrow.refund(ID);
    }

    function test_releasedOrRefundedExactlyOnce() public {
        _create(0);
        vm.prank(depositor);
        escrow.release(ID);

        vm.prank(arbiter);
        vm.expectRevert(abi.encodeWithSelector(Escrow.NotPending.selector, ID, Escrow.Status.RELEASED));
        escrow.release(ID);
        vm.prank(arbiter);
        vm.expectRevert(abi.encodeWithSelector(Escrow.NotPending.selector, ID, Escrow.Status.RELEASED));
        escrow.refund(ID);
        vm.prank(depositor);
        vm.expectRevert(abi.encodeWithSelector(Escrow.NotPending.selector, ID, Escrow.Status.RELEASED));
        escrow.dispute(ID);
        vm.assertEq(usdt.balanceOf(beneficiary), 100e6);
    }

    function test_unknownEscrowIsNotPending() public {
        vm.expectRevert(abi.encodeWithSelector(Escrow.NotPending.selector, ID, Escrow.Status.NONE));
        escrow.release(ID);
        vm.expectRevert(abi.encodeWithSelector(Escrow.NotPending.selector, ID, Escrow.Status.NONE));
        escrow.refund(ID);
    }

    function testFuzz_automaticReleaseOnlyFromReleaseTime(uint64 releaseAfter, uint64 at) public {
        releaseAfter = uint64(bound(releaseAfter, block.timestamp + 1, type(uint32).max));
        at = uint64(bound(at, block.timestamp, type(uint32).max));
        _create(releaseAfter);
        vm.warp(at);
        if (at < releaseAfter) vm.expectRevert(abi.encodeWithSelector(Escrow.NotAllowed.selector, ID, stranger));
        vm.prank(stranger);
        escrow.release(ID);
    }
}

/// @notice Random escrows between a few parties, settled by random callers; what leaves the
///         escrow contract can never exceed what came in, and it holds exactly the pending sum.
contract EscrowHandler is Test {
    Escrow internal immutable escrow;
    TestStablecoin internal immutable token;
    address[4] internal actors;
    bytes32[] internal ids;

    uint256 public deposited;
    uint256 public paidOut;
    uint256 public pendingSum;

    constructor(Escrow escrow_, TestStablecoin token_) {
        escrow = escrow_;
        token = token_;
        for (uint256 i; i < actors.length; i++) {
            // forge-lint: disable-next-line(unsafe-typecast)
            actors[i] = address(uint160(0x2000 + i));
            vm.prank(actors[i]);
            token.approve(address(escrow), type(uint256).max);
        }
    }

    function create(uint256 seed, uint256 amount, uint64 delay) external {
        address depositor = actors[seed % 4];
        address beneficiary = actors[(seed + 1) % 4];
        address arbiter = actors[(seed + 2) % 4];
        amount = bound(amount, 1, 1_000e6);
        uint64 releaseAfter = delay % 2 == 0 ? 0 : uint64(block.timestamp + bound(delay, 1, 30 days));
        bytes32 id = keccak256(abi.encode(ids.length));
        token.mint(depositor, amount);
        vm.prank(depositor);
        escrow.createEscrow(id, address(token), beneficiary, amount, releaseAfter, arbiter);
        ids.push(id);
        deposited += amount;
        pendingSum += amount;
    }

    function release(uint256 idSeed, uint256 callerSeed) external {
        _settle(idSeed, callerSeed, true);
    }

    function refund(uint256 idSeed, uint256 callerSeed) external {
        _settle(idSeed, callerSeed, false);
    }

    function dispute(uint256 idSeed, uint256 callerSeed) external {
        if (ids.length == 0) return;
        vm.prank(actors[callerSeed % 4]);
        try escrow.dispute(ids[idSeed % ids.length]) {} catch {}
    }

    function warp(uint256 by) external {
        vm.warp(block.timestamp + bound(by, 1, 10 days));
    }

    function _settle(uint256 idSeed, uint256 callerSeed, bool toBeneficiary) private {
        if (ids.length == 0) return;
        bytes32 id = ids[idSeed % ids.length];
        uint256 amount = escrow.getEscrow(id).amount;
        vm.prank(actors[callerSeed % 4]);
        try (toBeneficiary ? escrow.release : escrow.refund)(id) {
            paidOut += amount;
            pendingSum -= amount;
        } catch {}
    }
}

contract EscrowInvariantTest is Test {
    Escrow internal escrow;
    TestStablecoin internal token;
    EscrowHandler internal handler;

    function setUp() public {
        escrow = new Escrow();
        token = new TestStablecoin("Tether USD", "USDT", 6);
        handler = new EscrowHandler(escrow, token);
        token.transferOwnership(address(handler));
        targetContract(address(handler));
    }

    function invariant_releasedPlusRefundedNeverExceedDeposited() public view {
        vm.assertLe(handler.paidOut(), handler.deposited());
    }

    function invariant_escrowHoldsExactlyThePendingSum() public view {
        vm.assertEq(token.balanceOf(address(escrow)), handler.pendingSum());
        vm.assertEq(handler.deposited() - handler.paidOut(), handler.pendingSum());
    }
}
