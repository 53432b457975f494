// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {Test} from "./utils/Test.sol";
import {Vm} from "./utils/Vm.sol";
import {Subscription} from "../src/Subscription.sol";
import {TestStablecoin} from "../src/test/TestStablecoin.sol";
import {FeeOnTransferToken} from "./mocks/FeeOnTransferToken.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

contract SubscriptionTest is Test {
    uint256 internal constant AMOUNT = 10e6;
    uint64 internal constant PERIOD = 30 days;

    Subscription internal subs;
    TestStablecoin internal usdt;
    address internal admin = makeAddr("admin");
    address internal operator = makeAddr("operator");
    address internal pauser = makeAddr("pauser");
    address internal merchant = makeAddr("merchant");
    address internal alice = makeAddr("alice");
    address internal stranger = makeAddr("stranger");

    function setUp() public {
        vm.warp(1_700_000_000);
        subs = new Subscription(admin);
        vm.startPrank(admin);
        subs.grantRole(subs.OPERATOR_ROLE(), operator);
        subs.grantRole(subs.PAUSER_ROLE(), pauser);
        vm.stopPrank();

        usdt = new TestStablecoin("Tether USD", "USDT", 6);
        usdt.mint(alice, 1_000e6);
        vm.prank(alice);
        usdt.approve(address(subs), type(uint256).max);
    }

    function _createPlan() internal returns (uint256 planId) {
        vm.prank(merchant);
        planId = subs.createPlan(address(usdt), AMOUNT, PERIOD);
    }

    function _subscribeAlice() internal returns (uint256 subscriptionId) {
        uint256 planId = _createPlan();
        vm.prank(alice);
        subscriptionId = subs.subscribe(planId);
    }

    function _charge(uint256 subscriptionId) internal {
        vm.prank(operator);
        subs.charge(subscriptionId);
    }

    // ---- constructor and roles ----

    function test_constructorGrantsAdminOnly() public view {
        vm.assertTrue(subs.hasRole(subs.DEFAULT_ADMIN_ROLE(), admin));
        vm.assertFalse(subs.hasRole(subs.DEFAULT_ADMIN_ROLE(), address(this)));
    }

    function test_constructorRejectsZeroAdmin() public {
        vm.expectRevert(abi.encodeWithSelector(Subscription.InvalidAdmin.selector));
        new Subscription(address(0));
    }

    // ---- createPlan ----

    function test_createPlanStoresPlanAndEmits() public {
        vm.expectEmit(address(subs));
        emit Subscription.PlanCreated(1, merchant, address(usdt), AMOUNT, PERIOD);
        uint256 planId = _createPlan();

        vm.assertEq(planId, 1);
        (address planMerchant, address token, uint64 period, bool active, uint256 amount) = subs.plans(planId);
        vm.assertEq(planMerchant, merchant);
        vm.assertEq(token, address(usdt));
        vm.assertEq(uint256(period), uint256(PERIOD));
        vm.assertTrue(active);
        vm.assertEq(amount, AMOUNT);
        vm.assertEq(_createPlan(), 2);
    }

    function test_createPlanAcceptsPeriodBounds() public {
        vm.startPrank(merchant);
        subs.createPlan(address(usdt), AMOUNT, subs.MIN_PERIOD());
        subs.createPlan(address(usdt), AMOUNT, subs.MAX_PERIOD());
        vm.stopPrank();
    }

    function test_createPlanRejectsZeroToken() public {
        vm.expectRevert(abi.encodeWithSelector(Subscription.InvalidToken.selector));
        subs.createPlan(address(0), AMOUNT, PERIOD);
    }

    function test_createPlanRejectsZeroAmount() public {
        vm.expectRevert(abi.encodeWithSelector(Subscription.InvalidAmount.selector));
        subs.createPlan(address(usdt), 0, PERIOD);
    }

    function test_createPlanRejectsPeriodOutOfRange() public {
        uint64 tooShort = 1 hours - 1;
        uint64 tooLong = 366 days + 1;
        vm.expectRevert(abi.encodeWithSelector(Subscription.InvalidPeriod.selector, tooShort));
        subs.createPlan(address(usdt), AMOUNT, tooShort);
        vm.expectRevert(abi.encodeWithSelector(Subscription.InvalidPeriod.selector, tooLong));
        subs.createPlan(address(usdt), AMOUNT, tooLong);
    }

    // ---- setPlanActive ----

    function test_setPlanActiveTogglesAndEmits() public {
        uint256 planId = _createPlan();
        vm.expectEmit(address(subs));
        emit Subscription.PlanActiveSet(planId, false);
        vm.prank(merchant);
        subs.setPlanActive(planId, false);
        (,,, bool active,) = subs.plans(planId);
        vm.assertFalse(active);

        vm.prank(merchant);
        subs.setPlanActive(planId, true);
        (,,, active,) = subs.plans(planId);
        vm.assertTrue(active);
    }

    function test_setPlanActiveRejectsNonMerchant() public {
        uint256 planId = _createPlan();
        vm.expectRevert(abi.encodeWithSelector(Subscription.NotMerchant.selector, planId, stranger));
        vm.prank(stranger);
        subs.setPlanActive(planId, false);
    }

    function test_setPlanActiveRejectsUnknownPlan() public {
        vm.expectRevert(abi.encodeWithSelector(Subscription.UnknownPlan.selector, 7));
        vm.prank(merchant);
        subs.setPlanActive(7, false);
    }

    // ---- subscribe ----

    function test_subscribeRecordsSubscriptionAndEmits() public {
        uint256 planId = _createPlan();
        vm.expectEmit(address(subs));
        emit Subscription.Subscribed(1, planId, alice);
        vm.prank(alice);
        uint256 subscriptionId = subs.subscribe(planId);

        vm.assertEq(subscriptionId, 1);
        (uint256 subPlanId, address subscriber, uint64 start, bool cancelled, uint256 nextPeriod) =
            subs.subscriptions(subscriptionId);
        vm.assertEq(subPlanId, planId);
        vm.assertEq(subscriber, alice);
        vm.assertEq(uint256(start), block.timestamp);
        vm.assertFalse(cancelled);
        vm.assertEq(nextPeriod, 0);
        vm.assertEq(subs.nextChargeAt(subscriptionId), block.timestamp);
        vm.assertEq(usdt.balanceOf(alice), 1_000e6, "nothing is charged at subscribe");
    }

    function test_subscribeRejectsUnknownPlan() public {
        vm.expectRevert(abi.encodeWithSelector(Subscription.UnknownPlan.selector, 1));
        vm.prank(alice);
        subs.subscribe(1);
    }

    function test_subscribeRejectsInactivePlan() public {
        uint256 planId = _createPlan();
        vm.prank(merchant);
        subs.setPlanActive(planId, false);
        vm.expectRevert(abi.encodeWithSelector(Subscription.PlanInactive.selector, planId));
        vm.prank(alice);
        subs.subscribe(planId);
    }

    function test_subscribeRejectsMerchant() public {
        uint256 planId = _createPlan();
        vm.expectRevert(abi.encodeWithSelector(Subscription.MerchantCannotSubscribe.selector, planId));
        vm.prank(merchant);
        subs.subscribe(planId);
    }

    function test_subscribeRejectedWhilePaused() public {
        uint256 planId = _createPlan();
        vm.prank(pauser);
        subs.pause();
        vm.expectRevert(abi.encodeWithSelector(Pausable.EnforcedPause.selector));
        vm.prank(alice);
        subs.subscribe(planId);
    }

    // ---- charge ----

    function test_chargePullsAmountToMerchantAndEmits() public {
        uint256 subscriptionId = _subscribeAlice();
        vm.expectEmit(address(subs));
        emit Subscription.SubscriptionCharged(subscriptionId, 1, alice, merchant, address(usdt), AMOUNT, 0);
        _charge(subscriptionId);

        vm.assertEq(usdt.balanceOf(alice), 1_000e6 - AMOUNT);
        vm.assertEq(usdt.balanceOf(merchant), AMOUNT);
        vm.assertEq(usdt.balanceOf(address(subs)), 0);
        (,,,, uint256 nextPeriod) = subs.subscriptions(subscriptionId);
        vm.assertEq(nextPeriod, 1);
    }

    function test_chargeOncePerPeriod() public {
        uint256 subscriptionId = _subscribeAlice();
        uint256 start = block.timestamp;
        _charge(subscriptionId);

        vm.warp(start + PERIOD - 1);
        vm.expectRevert(
            abi.encodeWithSelector(Subscription.AlreadyChargedThisPeriod.selector, subscriptionId, start + PERIOD)
        );
        _charge(subscriptionId);

        vm.warp(start + PERIOD);
        vm.assertEq(subs.nextChargeAt(subscriptionId), start + PERIOD);
        _charge(subscriptionId);
        vm.assertEq(usdt.balanceOf(merchant), 2 * AMOUNT);
        vm.assertEq(subs.nextChargeAt(subscriptionId), start + 2 * PERIOD);
    }

    function test_chargeSkipsMissedPeriods() public {
        uint256 subscriptionId = _subscribeAlice();
        uint256 start = block.timestamp;
        vm.warp(start + 3 * PERIOD + 5 days);

        vm.expectEmit(address(subs));
        emit Subscription.SubscriptionCharged(subscriptionId, 1, alice, merchant, address(usdt), AMOUNT, 3);
        _charge(subscriptionId);
        vm.assertEq(usdt.balanceOf(merchant), AMOUNT, "periods 0-2 are not charged retroactively");
        vm.assertEq(subs.nextChargeAt(subscriptionId), start + 4 * PERIOD);

        vm.expectRevert(
            abi.encodeWithSelector(Subscription.AlreadyChargedThisPeriod.selector, subscriptionId, start + 4 * PERIOD)
        );
        _charge(subscriptionId);
    }

    function test_chargeContinuesAfterPlanDeactivated() public {
        uint256 subscriptionId = _subscribeAlice();
        vm.prank(merchant);
        subs.setPlanActive(1, false);
        _charge(subscriptionId);
        vm.assertEq(usdt.balanceOf(merchant), AMOUNT);
    }

    function test_chargeRejectsNonOperator() public {
        uint256 subscriptionId = _subscribeAlice();
        bytes32 role = subs.OPERATOR_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, merchant, role)
        );
        vm.prank(merchant);
        subs.charge(subscriptionId);
    }

    function test_chargeRejectedWhilePausedAndResumesAfter() public {
        uint256 subscriptionId = _subscribeAlice();
        vm.expectEmit(address(subs));
        emit Pausable.Paused(pauser);
        vm.prank(pauser);
        subs.pause();
        vm.expectRevert(abi.encodeWithSelector(Pausable.EnforcedPause.selector));
        _charge(subscriptionId);

        vm.expectEmit(address(subs));
        emit Pausable.Unpaused(pauser);
        vm.prank(pauser);
        subs.unpause();
        _charge(subscriptionId);
        vm.assertEq(usdt.balanceOf(merchant), AMOUNT);
    }

    function test_pauseAndUnpauseRequirePauser() public {
        bytes32 role = subs.PAUSER_ROLE();
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, admin, role));
        vm.prank(admin);
        subs.pause();

        vm.prank(pauser);
        subs.pause();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, operator, role)
        );
        vm.prank(operator);
        subs.unpause();
    }

    function test_chargeRejectsCancelledSubscription() public {
        uint256 subscriptionId = _subscribeAlice();
        vm.prank(alice);
        subs.cancel(subscriptionId);
        vm.expectRevert(abi.encodeWithSelector(Subscription.AlreadyCancelled.selector, subscriptionId));
        _charge(subscriptionId);
    }

    function test_chargeRejectsUnknownSubscription() public {
        vm.expectRevert(abi.encodeWithSelector(Subscription.UnknownSubscription.selector, 1));
        _charge(1);
    }

    function test_chargeRejectsFeeOnTransferToken() public {
        FeeOnTransferToken fee = new FeeOnTransferToken(100);
        fee.mint(alice, 1_000e6);
        vm.prank(alice);
        fee.approve(address(subs), type(uint256).max);
        vm.prank(merchant);
        uint256 planId = subs.createPlan(address(fee), AMOUNT, PERIOD);
        vm.prank(alice);
        uint256 subscriptionId = subs.subscribe(planId);

        vm.expectRevert(abi.encodeWithSelector(Subscription.TransferAmountMismatch.selector, AMOUNT, AMOUNT * 99 / 100));
        _charge(subscriptionId);
    }

    function test_chargeRevertsWithoutAllowance() public {
        uint256 subscriptionId = _subscribeAlice();
        vm.prank(alice);
        usdt.approve(address(subs), AMOUNT - 1);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(subs), AMOUNT - 1, AMOUNT)
        );
        _charge(subscriptionId);
        vm.assertEq(subs.nextChargeAt(subscriptionId), block.timestamp, "a failed charge can be retried");
    }

    function test_chargeIsNonReentrant() public {
        ReentrantToken token = new ReentrantToken(subs);
        token.mint(alice, 1_000e6);
        vm.prank(alice);
        token.approve(address(subs), type(uint256).max);
        vm.prank(merchant);
        uint256 planId = subs.createPlan(address(token), AMOUNT, PERIOD);
        vm.startPrank(admin);
        subs.grantRole(subs.OPERATOR_ROLE(), address(token));
        vm.stopPrank();
        vm.prank(alice);
        uint256 subscriptionId = subs.subscribe(planId);
        token.setTarget(subscriptionId);

        vm.expectRevert(abi.encodeWithSelector(ReentrancyGuard.ReentrancyGuardReentrantCall.selector));
        _charge(subscriptionId);
    }

    // ---- cancel ----

    function test_cancelBySubscriber() public {
        uint256 subscriptionId = _subscribeAlice();
        vm.expectEmit(address(subs));
        emit Subscription.SubscriptionCancelled(subscriptionId, alice);
        vm.prank(alice);
        subs.cancel(subscriptionId);
        (,,, bool cancelled,) = subs.subscriptions(subscriptionId);
        vm.assertTrue(cancelled);
    }

    function test_cancelByMerchantWhilePaused() public {
        uint256 subscriptionId = _subscribeAlice();
        vm.prank(pauser);
        subs.pause();
        vm.expectEmit(address(subs));
        emit Subscription.SubscriptionCancelled(subscriptionId, merchant);
        vm.prank(merchant);
        subs.cancel(subscriptionId);
    }

    function test_cancelRejectsStranger() public {
        uint256 subscriptionId = _subscribeAlice();
        vm.expectRevert(abi.encodeWithSelector(Subscription.NotSubscriberOrMerchant.selector, subscriptionId, operator));
        vm.prank(operator);
        subs.cancel(subscriptionId);
    }

    function test_cancelOnlyOnce() public {
        uint256 subscriptionId = _subscribeAlice();
        vm.prank(alice);
        subs.cancel(subscriptionId);
        vm.expectRevert(abi.encodeWithSelector(Subscription.AlreadyCancelled.selector, subscriptionId));
        vm.prank(merchant);
        subs.cancel(subscriptionId);
    }

    function test_cancelRejectsUnknownSubscription() public {
        vm.expectRevert(abi.encodeWithSelector(Subscription.UnknownSubscription.selector, 3));
        vm.prank(alice);
        subs.cancel(3);
    }

    // ---- nextChargeAt ----

    function test_nextChargeAtRejectsUnknownAndCancelled() public {
        vm.expectRevert(abi.encodeWithSelector(Subscription.UnknownSubscription.selector, 1));
        subs.nextChargeAt(1);

        uint256 subscriptionId = _subscribeAlice();
        vm.prank(alice);
        subs.cancel(subscriptionId);
        vm.expectRevert(abi.encodeWithSelector(Subscription.AlreadyCancelled.selector, subscriptionId));
        subs.nextChargeAt(subscriptionId);
    }

    // ---- fuzz ----

    /// Charges attempted at random times succeed exactly once per period reached, never for a
    /// skipped one, and the total equals amount x distinct periods charged.
    function testFuzz_chargesAtMostOncePerPeriod(uint32[12] memory gaps) public {
        uint256 subscriptionId = _subscribeAlice();
        uint256 start = block.timestamp;
        uint256 charges;
        uint256 nextPeriod; // first period index that may be charged

        for (uint256 i = 0; i < gaps.length; ++i) {
            vm.warp(block.timestamp + bound(gaps[i], 0, 2 * PERIOD));
            uint256 periodIndex = (block.timestamp - start) / PERIOD;
            if (periodIndex < nextPeriod) {
                vm.expectRevert(
                    abi.encodeWithSelector(
                        Subscription.AlreadyChargedThisPeriod.selector, subscriptionId, start + nextPeriod * PERIOD
                    )
                );
                _charge(subscriptionId);
            } else {
                _charge(subscriptionId);
                ++charges;
                nextPeriod = periodIndex + 1;
            }
        }

        vm.assertEq(usdt.balanceOf(merchant), AMOUNT * charges);
        vm.assertEq(1_000e6 - usdt.balanceOf(alice), AMOUNT * charges);
        vm.assertLe(charges, (block.timestamp - start) / PERIOD + 1);
        vm.assertEq(usdt.balanceOf(address(subs)), 0);
    }

    /// Whatever the plan, a charge moves exactly the plan amount and nothing else.
    function testFuzz_chargePullsExactlyAmount(uint256 amount, uint64 period, uint256 extra) public {
        amount = bound(amount, 1, 1e36);
        period = uint64(bound(period, subs.MIN_PERIOD(), subs.MAX_PERIOD()));
        extra = bound(extra, 0, 1e36);
        usdt.mint(stranger, amount + extra);
        vm.prank(stranger);
        usdt.approve(address(subs), type(uint256).max);
        vm.prank(merchant);
        uint256 planId = subs.createPlan(address(usdt), amount, period);
        vm.prank(stranger);
        uint256 subscriptionId = subs.subscribe(planId);

        _charge(subscriptionId);

        vm.assertEq(usdt.balanceOf(stranger), extra);
        vm.assertEq(usdt.balanceOf(merchant), amount);
        vm.assertEq(usdt.balanceOf(address(subs)), 0);
        vm.assertEq(subs.nextChargeAt(subscriptionId), block.timestamp + period);
    }

    /// createPlan accepts exactly the periods in [MIN_PERIOD, MAX_PERIOD].
    function testFuzz_createPlanPeriodRange(uint64 period) public {
        bool valid = period >= 1 hours && period <= 366 days;
        if (!valid) vm.expectRevert(abi.encodeWithSelector(Subscription.InvalidPeriod.selector, period));
        vm.prank(merchant);
        subs.createPlan(address(usdt), AMOUNT, period);
    }
}

/// @dev A token that calls `charge` again from inside `transferFrom`.
contract ReentrantToken is ERC20 {
    Subscription private immutable _subs;
    uint256 private _target;

    constructor(Subscription subs) ERC20("Reentrant", "RE") {
        _subs = subs;
    }

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function setTarget(uint256 subscriptionId) external {
        _target = subscriptionId;
    }

    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        _subs.charge(_target);
        return super.transferFrom(from, to, value);
    }
}

/// @dev Drives the invariant run: random warps, charges and cancels over the subscriptions
///      1..subscriptionCount, each with its own subscriber.
contract SubscriptionHandler {
    Vm private constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    Subscription public immutable subs;
    ERC20 public immutable token;
    uint256 public immutable subscriptionCount;
    /// @dev Each cancelled subscription's subscriber balance at the moment it was cancelled.
    mapping(uint256 subscriptionId => uint256) public balanceAtCancel;

    constructor(Subscription subs_, ERC20 token_, uint256 subscriptionCount_) {
        subs = subs_;
        token = token_;
        subscriptionCount = subscriptionCount_;
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + seconds_ % 3 days);
    }

    function charge(uint256 seed) external {
        try subs.charge(seed % subscriptionCount + 1) {} catch {}
    }

    /// @dev Cancels one call in ten, so that charges keep running for most of a sequence.
    function cancel(uint256 seed) external {
        if (seed % 10 != 0) return;
        uint256 subscriptionId = seed / 10 % subscriptionCount + 1;
        (, address subscriber,, bool cancelled,) = subs.subscriptions(subscriptionId);
        if (cancelled) return;
        vm.prank(subscriber);
        subs.cancel(subscriptionId);
        balanceAtCancel[subscriptionId] = token.balanceOf(subscriber);
    }
}

contract SubscriptionInvariantTest is Test {
    uint256 internal constant FUNDS = 1e30;

    Subscription internal subs;
    TestStablecoin internal usdt;
    SubscriptionHandler internal handler;
    address internal merchant = makeAddr("merchant");
    address[3] internal subscribers;

    function setUp() public {
        subs = new Subscription(address(this));
        usdt = new TestStablecoin("Tether USD", "USDT", 6);
        handler = new SubscriptionHandler(subs, usdt, subscribers.length);
        subs.grantRole(subs.OPERATOR_ROLE(), address(handler));

        subscribers = [makeAddr("hourly"), makeAddr("daily"), makeAddr("monthly")];
        uint64[3] memory periods = [uint64(1 hours), 1 days, 30 days];
        for (uint256 i = 0; i < subscribers.length; ++i) {
            usdt.mint(subscribers[i], FUNDS);
            vm.prank(merchant);
            uint256 planId = subs.createPlan(address(usdt), (i + 1) * 1e6, periods[i]);
            vm.startPrank(subscribers[i]);
            usdt.approve(address(subs), type(uint256).max);
            subs.subscribe(planId);
            vm.stopPrank();
        }
        targetContract(address(handler));
    }

    /// @dev What the subscriber of `subscriptionId` has paid so far (one subscription each).
    function paid(uint256 subscriptionId) internal view returns (uint256) {
        return FUNDS - usdt.balanceOf(subscribers[subscriptionId - 1]);
    }

    function invariant_chargedAtMostOncePerElapsedPeriod() public view {
        for (uint256 id = 1; id <= subscribers.length; ++id) {
            (uint256 planId,, uint64 start,,) = subs.subscriptions(id);
            (,, uint64 period,, uint256 amount) = subs.plans(planId);
            vm.assertLe(paid(id), amount * ((block.timestamp - start) / period + 1));
        }
    }

    function invariant_nothingChargedAfterCancel() public view {
        for (uint256 id = 1; id <= subscribers.length; ++id) {
            (,,, bool cancelled,) = subs.subscriptions(id);
            if (cancelled) vm.assertEq(usdt.balanceOf(subscribers[id - 1]), handler.balanceAtCancel(id));
        }
    }

    function invariant_merchantReceivesEverythingAndContractHoldsNothing() public view {
        uint256 total;
        for (uint256 id = 1; id <= subscribers.length; ++id) {
            total += paid(id);
        }
        vm.assertEq(usdt.balanceOf(merchant), total);
        vm.assertEq(usdt.balanceOf(address(subs)), 0);
    }
}
