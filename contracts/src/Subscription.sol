// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

/// @title Subscription
/// @notice Recurring payments: a merchant publishes a plan (token, amount, period), a subscriber
///         subscribes to it and approves this contract for the token, and the platform operator
///         charges each subscription at most once per period, pulling the plan amount straight
///         from the subscriber to the merchant. This contract never holds tokens.
/// @dev Plans are immutable once created, so a subscriber can never be charged more, more often,
///      or in another token than the plan they subscribed to. Periods are anchored at the
///      subscription's start; a period that is not charged while it runs is never charged later.
contract Subscription is AccessControl, Pausable, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice May call `charge`.
    bytes32 public constant OPERATOR_ROLE = keccak256("OPERATOR_ROLE");
    /// @notice May pause and unpause `subscribe` and `charge`.
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");
    /// @notice Shortest billing period a plan may have.
    uint64 public constant MIN_PERIOD = 1 hours;
    /// @notice Longest billing period a plan may have.
    uint64 public constant MAX_PERIOD = 366 days;

    struct Plan {
        address merchant; // payee, and the only account that may (de)activate the plan
        address token;
        uint64 period; // seconds
        bool active; // accepts new subscriptions
        uint256 amount; // token base units charged per period
    }

    struct SubscriptionData {
        uint256 planId;
        address subscriber;
        uint64 start; // timestamp the periods are anchored at
        bool cancelled;
        uint256 nextPeriod; // index of the first period that may still be charged
    }

    /// @notice Plans by id (ids start at 1).
    mapping(uint256 planId => Plan) public plans;
    /// @notice Subscriptions by id (ids start at 1).
    mapping(uint256 subscriptionId => SubscriptionData) public subscriptions;

    uint256 private _lastPlanId;
    uint256 private _lastSubscriptionId;

    event PlanCreated(
        uint256 indexed planId, address indexed merchant, address indexed token, uint256 amount, uint64 period
    );
    event PlanActiveSet(uint256 indexed planId, bool active);
    event Subscribed(uint256 indexed subscriptionId, uint256 indexed planId, address indexed subscriber);
    event SubscriptionCharged(
        uint256 indexed subscriptionId,
        uint256 indexed planId,
        address indexed subscriber,
        address merchant,
        address token,
        uint256 amount,
        uint256 periodIndex
    );
    event SubscriptionCancelled(uint256 indexed subscriptionId, address indexed by);

    error InvalidAdmin();
    error InvalidToken();
    error InvalidAmount();
    error InvalidPeriod(uint64 period);
    error UnknownPlan(uint256 planId);
    error NotMerchant(uint256 planId, address caller);
    error PlanInactive(uint256 planId);
    error MerchantCannotSubscribe(uint256 planId);
    error UnknownSubscription(uint256 subscriptionId);
    error NotSubscriberOrMerchant(uint256 subscriptionId, address caller);
    error AlreadyCancelled(uint256 subscriptionId);
    error AlreadyChargedThisPeriod(uint256 subscriptionId, uint256 nextChargeAt);
    error TransferAmountMismatch(uint256 expected, uint256 received);

    /// @param admin Holder of DEFAULT_ADMIN_ROLE, who grants OPERATOR_ROLE and PAUSER_ROLE.
    constructor(address admin) {
        if (admin == address(0)) revert InvalidAdmin();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @notice Publishes a plan with the caller as merchant (payee). The plan is active at once
    ///         and its token, amount and period can never change.
    /// @param token ERC-20 the subscribers pay in (fee-on-transfer tokens fail at charge).
    /// @param amount Token base units charged per period, > 0.
    /// @param period Seconds per billing period, between MIN_PERIOD and MAX_PERIOD.
    /// @return planId Id of the new plan.
    function createPlan(address token, uint256 amount, uint64 period) external returns (uint256 planId) {
        if (token == address(0)) revert InvalidToken();
        if (amount == 0) revert InvalidAmount();
        if (period < MIN_PERIOD || period > MAX_PERIOD) revert InvalidPeriod(period);

        planId = ++_lastPlanId;
        plans[planId] = Plan({merchant: msg.sender, token: token, period: period, active: true, amount: amount});
        emit PlanCreated(planId, msg.sender, token, amount, period);
    }

    /// @notice Opens or closes a plan to new subscriptions; existing subscriptions are unaffected.
    ///         Only the plan's merchant may call this.
    /// @param planId The plan.
    /// @param active Whether the plan accepts new subscriptions.
    function setPlanActive(uint256 planId, bool active) external {
        Plan storage plan = _plan(planId);
        if (msg.sender != plan.merchant) revert NotMerchant(planId, msg.sender);

        plan.active = active;
        emit PlanActiveSet(planId, active);
    }

    /// @notice Subscribes the caller to an active plan, starting now. Nothing is charged here: the
    ///         caller must approve this contract for the plan's token, and the operator charges
    ///         each period from now on (the first one right away).
    /// @param planId The plan.
    /// @return subscriptionId Id of the new subscription.
    function subscribe(uint256 planId) external whenNotPaused returns (uint256 subscriptionId) {
        Plan storage plan = _plan(planId);
        if (!plan.active) revert PlanInactive(planId);
        if (msg.sender == plan.merchant) revert MerchantCannotSubscribe(planId);

        subscriptionId = ++_lastSubscriptionId;
        subscriptions[subscriptionId] = SubscriptionData({
            planId: planId, subscriber: msg.sender, start: uint64(block.timestamp), cancelled: false, nextPeriod: 0
        });
        emit Subscribed(subscriptionId, planId, msg.sender);
    }

    /// @notice Charges the current period of a subscription: pulls exactly the plan amount from
    ///         the subscriber to the merchant. At most once per period; periods missed earlier are
    ///         skipped, never charged. Operator only.
    /// @param subscriptionId The subscription.
    function charge(uint256 subscriptionId) external onlyRole(OPERATOR_ROLE) whenNotPaused nonReentrant {
        SubscriptionData storage sub = _subscription(subscriptionId);
        if (sub.cancelled) revert AlreadyCancelled(subscriptionId);
        Plan storage plan = plans[sub.planId];

        uint256 periodIndex = (block.timestamp - sub.start) / plan.period;
        if (periodIndex < sub.nextPeriod) {
            revert AlreadyChargedThisPeriod(subscriptionId, _nextChargeAt(sub, plan));
        }
        sub.nextPeriod = periodIndex + 1;

        address subscriber = sub.subscriber;
        address merchant = plan.merchant;
        IERC20 token = IERC20(plan.token);
        uint256 amount = plan.amount;
        emit SubscriptionCharged(subscriptionId, sub.planId, subscriber, merchant, address(token), amount, periodIndex);

        uint256 balanceBefore = token.balanceOf(merchant);
        token.safeTransferFrom(subscriber, merchant, amount);
        uint256 received = token.balanceOf(merchant) - balanceBefore;
        if (received != amount) revert TransferAmountMismatch(amount, received);
    }

    /// @notice Ends a subscription for good; it can never be charged again. The subscriber or the
    ///         plan's merchant may call this, also while paused.
    /// @param subscriptionId The subscription.
    function cancel(uint256 subscriptionId) external {
        SubscriptionData storage sub = _subscription(subscriptionId);
        if (msg.sender != sub.subscriber && msg.sender != plans[sub.planId].merchant) {
            revert NotSubscriberOrMerchant(subscriptionId, msg.sender);
        }
        if (sub.cancelled) revert AlreadyCancelled(subscriptionId);

        sub.cancelled = true;
        emit SubscriptionCancelled(subscriptionId, msg.sender);
    }

    /// @notice Stops `subscribe` and `charge`. Pauser only.
    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /// @notice Resumes `subscribe` and `charge`. Pauser only.
    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
    }

    /// @notice Timestamp from which `charge` succeeds for a live subscription (it may already be
    ///         past). Reverts for unknown and cancelled subscriptions, which can never be charged.
    /// @param subscriptionId The subscription.
    function nextChargeAt(uint256 subscriptionId) external view returns (uint256) {
        SubscriptionData storage sub = _subscription(subscriptionId);
        if (sub.cancelled) revert AlreadyCancelled(subscriptionId);
        return _nextChargeAt(sub, plans[sub.planId]);
    }

    function _nextChargeAt(SubscriptionData storage sub, Plan storage plan) private view returns (uint256) {
        return sub.start + sub.nextPeriod * plan.period;
    }

    function _plan(uint256 planId) private view returns (Plan storage plan) {
        plan = plans[planId];
        if (plan.merchant == address(0)) revert UnknownPlan(planId);
    }

    function _subscription(uint256 subscriptionId) private view returns (SubscriptionData storage sub) {
        sub = subscriptions[subscriptionId];
        if (sub.subscriber == address(0)) revert UnknownSubscription(subscriptionId);
    }
}
