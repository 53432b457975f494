// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

/// @title PaymentGateway
/// @notice Pays a merchant's payment request on-chain by its reference. The tokens go straight
///         from the payer to the platform's settlement vault in one transfer, so the gateway
///         never holds funds; the platform's chain watcher attributes each `PaymentCompleted`
///         event to the payment request whose `paymentRef` it carries.
/// @dev Refunds are paid from the settlement vault, which approves this gateway for that
///      purpose; the operator can only send a refund back to the address that paid, and never
///      more than it paid for that reference and token.
contract PaymentGateway is AccessControl, Pausable, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice May refund payments.
    bytes32 public constant OPERATOR_ROLE = keccak256("OPERATOR_ROLE");
    /// @notice May pause and unpause payments.
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");

    /// @notice What one payer has paid, and been refunded, for one reference in one token.
    struct Payment {
        uint256 paid;
        uint256 refunded;
    }

    /// @notice Where every payment goes, and where refunds are paid from.
    address public settlementVault;

    /// @notice Tokens the gateway accepts.
    mapping(address token => bool) public allowedTokens;

    mapping(bytes32 paymentRef => mapping(address payer => mapping(address token => Payment))) private _payments;

    event PaymentCompleted(bytes32 indexed paymentRef, address indexed payer, address indexed token, uint256 amount);
    event PaymentRefunded(
        bytes32 indexed paymentRef, address indexed payer, address indexed token, uint256 amount, address operator
    );
    event TokenAllowed(address indexed token, bool allowed);
    event SettlementVaultChanged(address indexed previousVault, address indexed newVault);
    event StrayTokensSwept(address indexed token, address indexed vault, uint256 amount);

    error ZeroAddress();
    error ZeroPaymentRef();
    error ZeroAmount();
    error TokenNotAllowed(address token);
    error UnexpectedAmountReceived(uint256 expected, uint256 received);
    error RefundExceedsPayment(uint256 refundable, uint256 requested);
    error InsufficientPermitAllowance(uint256 allowance, uint256 amount);

    /// @param admin holds the admin role (tokens, vault, roles); it is given no other role
    /// @param vault the settlement vault payments are forwarded to
    constructor(address admin, address vault) {
        if (admin == address(0) || vault == address(0)) revert ZeroAddress();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        settlementVault = vault;
        emit SettlementVaultChanged(address(0), vault);
    }

    /// @notice Pays `amount` of `token` towards the payment request `paymentRef`. The payer
    ///         must have approved this gateway for at least `amount` beforehand.
    function pay(bytes32 paymentRef, address token, uint256 amount) external whenNotPaused nonReentrant {
        _pay(paymentRef, token, amount);
    }

    /// @notice Same as `pay`, with an EIP-2612 permit signed by the payer instead of a prior
    ///         approval, for tokens that support it (USDC does, USDT does not).
    /// @dev A permit already used by someone who copied it from the mempool is not an error:
    ///      the payment proceeds when the allowance it granted is in place.
    function payWithPermit(
        bytes32 paymentRef,
        address token,
        uint256 amount,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external whenNotPaused nonReentrant {
        try IERC20Permit(token).permit(msg.sender, address(this), amount, deadline, v, r, s) {}
        catch {
            uint256 allowance = IERC20(token).allowance(msg.sender, address(this));
            if (allowance < amount) revert InsufficientPermitAllowance(allowance, amount);
        }
        _pay(paymentRef, token, amount);
    }

    /// @notice Returns up to what `payer` paid for `paymentRef` in `token`, from the settlement
    ///         vault back to `payer`. Works while paused, so payers can always be made whole.
    function refundPayment(bytes32 paymentRef, address payer, address token, uint256 amount)
        external
        onlyRole(OPERATOR_ROLE)
        nonReentrant
    {
        if (amount == 0) revert ZeroAmount();
        Payment storage payment = _payments[paymentRef][payer][token];
        uint256 refundable = payment.paid - payment.refunded;
        if (amount > refundable) revert RefundExceedsPayment(refundable, amount);
        payment.refunded += amount;
        emit PaymentRefunded(paymentRef, payer, token, amount, msg.sender);
        _transferExact(IERC20(token), settlementVault, payer, amount);
    }

    /// @notice What `payer` has paid and been refunded for `paymentRef` in `token`.
    function paymentOf(bytes32 paymentRef, address payer, address token)
        external
        view
        returns (uint256 paid, uint256 refunded)
    {
        Payment storage payment = _payments[paymentRef][payer][token];
        return (payment.paid, payment.refunded);
    }

    /// @notice Allows or disallows `token` for new payments (refunds of past ones still work).
    function setTokenAllowed(address token, bool allowed) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (token == address(0)) revert ZeroAddress();
        allowedTokens[token] = allowed;
        emit TokenAllowed(token, allowed);
    }

    /// @notice Points the gateway at a new settlement vault.
    function setSettlementVault(address vault) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (vault == address(0)) revert ZeroAddress();
        emit SettlementVaultChanged(settlementVault, vault);
        settlementVault = vault;
    }

    /// @notice Forwards tokens sent to the gateway directly (not through `pay`) to the vault,
    ///         so nothing can stay stuck here.
    function sweepStrayTokens(address token) external onlyRole(DEFAULT_ADMIN_ROLE) {
        uint256 amount = IERC20(token).balanceOf(address(this));
        if (amount == 0) revert ZeroAmount();
        emit StrayTokensSwept(token, settlementVault, amount);
        IERC20(token).safeTransfer(settlementVault, amount);
    }

    /// @notice Stops new payments.
    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /// @notice Resumes payments.
    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
    }

    function _pay(bytes32 paymentRef, address token, uint256 amount) private {
        if (paymentRef == bytes32(0)) revert ZeroPaymentRef();
        if (amount == 0) revert ZeroAmount();
        if (!allowedTokens[token]) revert TokenNotAllowed(token);
        _payments[paymentRef][msg.sender][token].paid += amount;
        emit PaymentCompleted(paymentRef, msg.sender, token, amount);
        _transferExact(IERC20(token), msg.sender, settlementVault, amount);
    }

    /// @dev Moves `amount` and insists that exactly `amount` arrived: a token that takes a fee
    ///      on transfer would otherwise credit a payment that was never fully received.
    function _transferExact(IERC20 token, address from, address to, uint256 amount) private {
        uint256 before = token.balanceOf(to);
        token.safeTransferFrom(from, to, amount);
        uint256 received = token.balanceOf(to) - before;
        if (received != amount) revert UnexpectedAmountReceived(amount, received);
    }
}
