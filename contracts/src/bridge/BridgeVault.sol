// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

/// @title BridgeVault
/// @notice Lock-and-release bridge for the stablecoins Circle's CCTP does not carry. One vault is
///         deployed per chain and holds that chain's liquidity: tokens locked here are released
///         from the vault on the destination chain once `threshold` relayers have signed the
///         release. Anyone may add liquidity by transferring tokens to the vault.
/// @dev A transfer is identified by the (source chain id, source tx hash, log index) of its
///      `Locked` event. The release's EIP-712 digest binds those fields, the recipient, token and
///      amount, and (through the domain) this chain's id and this vault's address; it is the
///      transfer id that can be released once. Releases per token and UTC day are capped.
contract BridgeVault is AccessControl, Pausable, ReentrancyGuard, EIP712 {
    using SafeERC20 for IERC20;

    /// @notice Role allowed to pause the vault (unpausing is for the admin).
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");
    /// @notice Upper bound on the relayer set, which keeps `setRelayers` bounded.
    uint256 public constant MAX_RELAYERS = 16;
    /// @notice EIP-712 type hash of the message the relayers sign.
    bytes32 public constant RELEASE_TYPEHASH = keccak256(
        "Release(uint256 sourceChainId,bytes32 sourceTxHash,uint256 logIndex,address recipient,address token,uint256 amount)"
    );

    /// @notice Daily release limit per token in its base units; 0 means the token is not allowed.
    mapping(address token => uint256) public dailyLimit;
    /// @notice Chains `lock` may send to.
    mapping(uint256 chainId => bool) public isDestinationChain;
    /// @notice Whether an address belongs to the current relayer set.
    mapping(address account => bool) public isRelayer;
    /// @notice Whether a transfer id has been released.
    mapping(bytes32 transferId => bool) public isReleased;
    /// @notice Whether the lock event `keccak256(abi.encode(sourceChainId, sourceTxHash,
    ///         logIndex))` has been released, under any terms: even a relayer quorum that signs
    ///         two different releases for one lock cannot pay it out twice.
    mapping(bytes32 sourceEvent => bool) public isSourceEventReleased;
    /// @notice Amount of a token released on a day (`block.timestamp / 1 days`).
    mapping(address token => mapping(uint256 day => uint256)) public releasedOnDay;

    /// @notice Number of signatures a release needs; 0 until the first `setRelayers`.
    uint256 public threshold;
    /// @notice Incremented each time the relayer set is replaced.
    uint256 public relayerSetVersion;
    /// @notice Nonce the next `lock` gets (the number of locks so far).
    uint256 public lockNonce;

    address[] private _relayers;

    /// @notice A token's daily release limit was set (0: the token is no longer allowed).
    event TokenLimitSet(address indexed token, uint256 dailyLimit);
    /// @notice A destination chain was enabled or disabled for `lock`.
    event DestinationChainSet(uint256 indexed chainId, bool supported);
    /// @notice The relayer set and threshold were replaced.
    event RelayersSet(uint256 indexed version, address[] relayers, uint256 threshold);
    /// @notice Tokens were locked here to be released to `recipient` on `destinationChainId`.
    event Locked(
        uint256 indexed nonce,
        address indexed token,
        address indexed sender,
        uint256 amount,
        uint256 destinationChainId,
        address recipient
    );
    /// @notice Tokens locked on `sourceChainId` were released here.
    event Released(
        bytes32 indexed transferId,
        address indexed token,
        address indexed recipient,
        uint256 amount,
        uint256 sourceChainId,
        bytes32 sourceTxHash,
        uint256 logIndex
    );
    /// @notice The admin took liquidity out of the vault.
    event LiquidityWithdrawn(address indexed token, address indexed to, uint256 amount);

    error ZeroAddress();
    error ZeroAmount();
    error TokenNotAllowed(address token);
    error UnsupportedDestinationChain(uint256 chainId);
    error InvalidChainId(uint256 chainId);
    error TooManyRelayers(uint256 count, uint256 max);
    error InvalidThreshold(uint256 threshold, uint256 relayerCount);
    error DuplicateRelayer(address relayer);
    error RelayersNotSet();
    error InsufficientSignatures(uint256 provided, uint256 required);
    error SignersNotAscending(address signer);
    error NotRelayer(address signer);
    error AlreadyReleased(bytes32 transferId);
    error SourceEventAlreadyReleased(uint256 sourceChainId, bytes32 sourceTxHash, uint256 logIndex);
    error DailyLimitExceeded(address token, uint256 day, uint256 remaining);
    error UnexpectedAmountReceived(uint256 expected, uint256 received);

    /// @param admin Receives DEFAULT_ADMIN_ROLE; it configures the vault and grants PAUSER_ROLE.
    constructor(address admin) EIP712("StablePay Bridge", "1") {
        if (admin == address(0)) revert ZeroAddress();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    // ---------------------------------------------------------------- configuration (admin)

    /// @notice Allows `token` with a daily release limit, or disallows it with `limit` 0.
    function setTokenLimit(address token, uint256 limit) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (token == address(0)) revert ZeroAddress();
        dailyLimit[token] = limit;
        emit TokenLimitSet(token, limit);
    }

    /// @notice Enables or disables `chainId` as a destination of `lock`; never this chain.
    function setDestinationChain(uint256 chainId, bool supported) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (chainId == block.chainid) revert InvalidChainId(chainId);
        isDestinationChain[chainId] = supported;
        emit DestinationChainSet(chainId, supported);
    }

    /// @notice Replaces the whole relayer set and the number of signatures a release needs.
    /// @dev Signatures of relayers left out of the new set stop counting at once.
    function setRelayers(address[] calldata relayers, uint256 newThreshold) external onlyRole(DEFAULT_ADMIN_ROLE) {
        uint256 count = relayers.length;
        if (count > MAX_RELAYERS) revert TooManyRelayers(count, MAX_RELAYERS);
        if (newThreshold == 0 || newThreshold > count) revert InvalidThreshold(newThreshold, count);

        for (uint256 i; i < _relayers.length; ++i) {
            isRelayer[_relayers[i]] = false;
        }
        for (uint256 i; i < count; ++i) {
            address relayer = relayers[i];
            if (relayer == address(0)) revert ZeroAddress();
            if (isRelayer[relayer]) revert DuplicateRelayer(relayer);
            isRelayer[relayer] = true;
        }
        _relayers = relayers;
        threshold = newThreshold;
        emit RelayersSet(++relayerSetVersion, relayers, newThreshold);
    }

    /// @notice Stops `lock` and `release`.
    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /// @notice Resumes `lock` and `release`.
    function unpause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _unpause();
    }

    /// @notice Sends `amount` of the vault's `token` to `to`. Only while paused, so that it
    ///         cannot race releases.
    function withdrawLiquidity(address token, address to, uint256 amount)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
        whenPaused
    {
        if (to == address(0)) revert ZeroAddress();
        emit LiquidityWithdrawn(token, to, amount);
        IERC20(token).safeTransfer(to, amount);
    }

    // ---------------------------------------------------------------- bridging

    /// @notice Locks `amount` of `token` from the caller, to be released to `recipient` on
    ///         `destinationChainId`. The caller must have approved the vault for `amount`.
    /// @return nonce This vault's sequence number of the lock.
    function lock(address token, uint256 amount, uint256 destinationChainId, address recipient)
        external
        whenNotPaused
        nonReentrant
        returns (uint256 nonce)
    {
        if (dailyLimit[token] == 0) revert TokenNotAllowed(token);
        if (amount == 0) revert ZeroAmount();
        if (recipient == address(0)) revert ZeroAddress();
        if (!isDestinationChain[destinationChainId]) revert UnsupportedDestinationChain(destinationChainId);

        nonce = lockNonce++;
        emit Locked(nonce, token, msg.sender, amount, destinationChainId, recipient);

        uint256 balanceBefore = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = IERC20(token).balanceOf(address(this)) - balanceBefore;
        if (received != amount) revert UnexpectedAmountReceived(amount, received);
    }

    /// @notice Releases tokens locked on `sourceChainId` to `recipient`, given the signatures of
    ///         at least `threshold` current relayers over `releaseDigest` of the same fields,
    ///         ordered by strictly ascending signer address.
    /// @dev `token` and `amount` are this chain's token and base units: the relayers translate
    ///      them from the `Locked` event (addresses and decimals differ between chains).
    function release(
        uint256 sourceChainId,
        bytes32 sourceTxHash,
        uint256 logIndex,
        address recipient,
        address token,
        uint256 amount,
        bytes[] calldata signatures
    ) external whenNotPaused nonReentrant {
        if (sourceChainId == block.chainid) revert InvalidChainId(sourceChainId);
        bytes32 transferId = releaseDigest(sourceChainId, sourceTxHash, logIndex, recipient, token, amount);
        _markReleased(transferId, sourceChainId, sourceTxHash, logIndex);
        _checkSignatures(transferId, signatures);

        uint256 day = block.timestamp / 1 days;
        uint256 remaining = _remaining(token, day);
        if (amount > remaining) revert DailyLimitExceeded(token, day, remaining);
        releasedOnDay[token][day] += amount;
        emit Released(transferId, token, recipient, amount, sourceChainId, sourceTxHash, logIndex);

        IERC20(token).safeTransfer(recipient, amount);
    }

    // ---------------------------------------------------------------- views

    /// @notice The EIP-712 digest the relayers sign for a release; it is also the transfer id.
    function releaseDigest(
        uint256 sourceChainId,
        bytes32 sourceTxHash,
        uint256 logIndex,
        address recipient,
        address token,
        uint256 amount
    ) public view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(abi.encode(RELEASE_TYPEHASH, sourceChainId, sourceTxHash, logIndex, recipient, token, amount))
        );
    }

    /// @notice How much of `token` can still be released today.
    function remainingToday(address token) external view returns (uint256) {
        return _remaining(token, block.timestamp / 1 days);
    }

    /// @notice The current relayer set.
    function getRelayers() external view returns (address[] memory) {
        return _relayers;
    }

    // ---------------------------------------------------------------- internals

    /// @dev Reverts unless `signatures` come from at least `threshold` distinct current
    ///      relayers, in strictly ascending signer order (which rules out duplicates).
    ///      ECDSA.recover rejects malformed and malleable (high-s) signatures.
    function _checkSignatures(bytes32 digest, bytes[] calldata signatures) private view {
        uint256 required = threshold;
        if (required == 0) revert RelayersNotSet();
        if (signatures.length < required) revert InsufficientSignatures(signatures.length, required);

        address previous;
        for (uint256 i; i < signatures.length; ++i) {
            address signer = ECDSA.recoverCalldata(digest, signatures[i]);
            if (signer <= previous) revert SignersNotAscending(signer);
            if (!isRelayer[signer]) revert NotRelayer(signer);
            previous = signer;
        }
    }

    /// @dev Records that `transferId`, and the lock event it pays out, are released; reverts if
    ///      either already was.
    function _markReleased(bytes32 transferId, uint256 sourceChainId, bytes32 sourceTxHash, uint256 logIndex)
        private
    {
        if (isReleased[transferId]) revert AlreadyReleased(transferId);
        bytes32 sourceEvent = keccak256(abi.encode(sourceChainId, sourceTxHash, logIndex));
        if (isSourceEventReleased[sourceEvent]) {
            revert SourceEventAlreadyReleased(sourceChainId, sourceTxHash, logIndex);
        }
        isReleased[transferId] = true;
        isSourceEventReleased[sourceEvent] = true;
    }

    /// @dev Limit left for `token` on `day`; 0 if the limit was lowered below what was released.
    function _remaining(address token, uint256 day) private view returns (uint256) {
        uint256 limit = dailyLimit[token];
        uint256 used = releasedOnDay[token][day];
        return used >= limit ? 0 : limit - used;
    }
}
