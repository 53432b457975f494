// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

/// @title Escrow
/// @notice Holds a depositor's tokens for a beneficiary until one of them, or their arbiter,
///         decides. Each escrow ends exactly once: released to the beneficiary or refunded to
///         the depositor.
/// @dev Who may do what while the escrow is pending:
///      - release (to the beneficiary): the depositor, the arbiter, or anyone once
///        `releaseAfter` has passed, if it is set (non-zero) and nobody has disputed;
///      - refund (to the depositor): the beneficiary or the arbiter;
///      - dispute: the depositor or the beneficiary; it stops the automatic release, so the
///        arbiter decides (the parties can still give in: depositor releases, beneficiary
///        refunds).
///      The contract has no owner and no way to move escrowed funds other than these.
contract Escrow is ReentrancyGuard {
    using SafeERC20 for IERC20;

    enum Status {
        NONE,
        PENDING,
        RELEASED,
        REFUNDED
    }

    struct Deal {
        address depositor;
        address beneficiary;
        address arbiter;
        address token;
        uint256 amount;
        uint64 releaseAfter;
        bool disputed;
        Status status;
    }

    mapping(bytes32 id => Deal) private _escrows;

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

    error ZeroEscrowId();
    error ZeroAddress();
    error ZeroAmount();
    error InvalidParties();
    error EscrowExists(bytes32 id);
    error NotPending(bytes32 id, Status status);
    error NotAllowed(bytes32 id, address caller);
    error AlreadyDisputed(bytes32 id);
    error UnexpectedAmountReceived(uint256 expected, uint256 received);

    /// @notice Opens escrow `id` and pulls `amount` of `token` from the caller, who becomes its
    ///         depositor. `releaseAfter` = 0 means no automatic release.
    /// @dev Ids are never reused, not even after the escrow has ended.
    function createEscrow(
        bytes32 id,
        address token,
        address beneficiary,
        uint256 amount,
        uint64 releaseAfter,
        address arbiter
    ) external nonReentrant {
        if (id == bytes32(0)) revert ZeroEscrowId();
        if (token == address(0) || beneficiary == address(0) || arbiter == address(0)) revert ZeroAddress();
        if (amount == 0) revert ZeroAmount();
        if (beneficiary == msg.sender || arbiter == msg.sender || arbiter == beneficiary) revert InvalidParties();
        if (_escrows[id].status != Status.NONE) revert EscrowExists(id);

        _escrows[id] = Deal({
            depositor: msg.sender,
            beneficiary: beneficiary,
            arbiter: arbiter,
            token: token,
            amount: amount,
            releaseAfter: releaseAfter,
            disputed: false,
            status: Status.PENDING
        });
        emit EscrowCreated(id, msg.sender, beneficiary, token, amount, releaseAfter, arbiter);

        uint256 before = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = IERC20(token).balanceOf(address(this)) - before;
        if (received != amount) revert UnexpectedAmountReceived(amount, received);
    }

    /// @notice Pays escrow `id` to its beneficiary.
    function release(bytes32 id) external nonReentrant {
        Deal storage deal = _pending(id);
        // A validator can shift a timestamp by seconds; release dates are days apart.
        // forge-lint: disable-next-line(block-timestamp)
        bool automatic = deal.releaseAfter != 0 && block.timestamp >= deal.releaseAfter && !deal.disputed;
        if (msg.sender != deal.depositor && msg.sender != deal.arbiter && !automatic) revert NotAllowed(id, msg.sender);
        deal.status = Status.RELEASED;
        emit EscrowReleased(id, msg.sender, deal.beneficiary, deal.amount);
        IERC20(deal.token).safeTransfer(deal.beneficiary, deal.amount);
    }

    /// @notice Returns escrow `id` to its depositor.
    function refund(bytes32 id) external nonReentrant {
        Deal storage deal = _pending(id);
        if (msg.sender != deal.beneficiary && msg.sender != deal.arbiter) revert NotAllowed(id, msg.sender);
        deal.status = Status.REFUNDED;
        emit EscrowRefunded(id, msg.sender, deal.depositor, deal.amount);
        IERC20(deal.token).safeTransfer(deal.depositor, deal.amount);
    }

    /// @notice Freezes the automatic release of escrow `id` until the arbiter decides.
    function dispute(bytes32 id) external {
        Deal storage deal = _pending(id);
        if (msg.sender != deal.depositor && msg.sender != deal.beneficiary) revert NotAllowed(id, msg.sender);
        if (deal.disputed) revert AlreadyDisputed(id);
        deal.disputed = true;
        emit EscrowDisputed(id, msg.sender);
    }

    /// @notice Escrow `id` as stored (status NONE when it does not exist).
    function getEscrow(bytes32 id) external view returns (Deal memory) {
        return _escrows[id];
    }

    function _pending(bytes32 id) private view returns (Deal storage deal) {
        deal = _escrows[id];
        if (deal.status != Status.PENDING) revert NotPending(id, deal.status);
    }
}
