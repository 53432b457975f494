// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";

/// @title MultiSigWallet
/// @notice An M-of-N wallet for the platform treasury: an owner proposes a call (target, ETH
///         value, calldata), owners confirm it, and once `threshold` current owners have confirmed
///         any owner executes it, exactly once. Owners whose keys hold no gas (KMS keys) confirm
///         by signing the transaction id, which anyone may relay. Holds ETH and ERC-20 tokens.
/// @dev A transaction id is the EIP-712 digest of `Transaction(to,value,data,nonce)` under the
///      domain ("StablePay MultiSig", "1", chain id, this wallet), with `nonce` taken from a
///      per-wallet counter at proposal, so ids are unique and a signature is valid for one
///      transaction of one wallet on one chain only. The owner set and threshold change only
///      through transactions the wallet executes on itself.
contract MultiSigWallet is EIP712, ReentrancyGuard {
    /// @notice Upper bound on the owner count (keeps the confirmation count loop cheap).
    uint256 public constant MAX_OWNERS = 20;
    /// @notice EIP-712 type hash of a transaction.
    bytes32 public constant TRANSACTION_TYPEHASH =
        keccak256("Transaction(address to,uint256 value,bytes data,uint256 nonce)");

    struct Transaction {
        address to;
        uint256 value;
        bytes data;
        uint256 nonce;
        bool executed;
    }

    enum Vote {
        None,
        Confirmed,
        Revoked // revoked confirmations can't be restored by relaying the old signature again
    }

    /// @notice Confirmations needed to execute.
    uint256 public threshold;
    /// @notice Nonce the next proposal gets.
    uint256 public nonce;
    /// @notice Whether an address is a current owner.
    mapping(address account => bool) public isOwner;
    /// @notice Proposed transactions by id.
    mapping(bytes32 txId => Transaction) public transactions;

    address[] private _owners;
    mapping(bytes32 txId => mapping(address owner => Vote)) private _votes;

    event Proposed(
        bytes32 indexed txId, address indexed proposer, address indexed to, uint256 value, bytes data, uint256 nonce
    );
    event Confirmed(bytes32 indexed txId, address indexed owner);
    event Revoked(bytes32 indexed txId, address indexed owner);
    event Executed(bytes32 indexed txId);
    event OwnerAdded(address indexed owner);
    event OwnerRemoved(address indexed owner);
    event ThresholdChanged(uint256 threshold);
    event Received(address indexed sender, uint256 amount);

    error NotOwner(address account);
    error NotWallet(address caller);
    error InvalidOwner(address owner);
    error AlreadyOwner(address owner);
    error TooManyOwners();
    error InvalidThreshold(uint256 threshold, uint256 ownerCount);
    error InvalidTarget();
    error UnknownTransaction(bytes32 txId);
    error AlreadyExecuted(bytes32 txId);
    error AlreadyConfirmed(bytes32 txId, address owner);
    error NotConfirmed(bytes32 txId, address owner);
    error ConfirmationRevoked(bytes32 txId, address owner);
    error InsufficientConfirmations(bytes32 txId, uint256 confirmations, uint256 threshold);

    modifier onlyOwner() {
        if (!isOwner[msg.sender]) revert NotOwner(msg.sender);
        _;
    }

    modifier onlyWallet() {
        if (msg.sender != address(this)) revert NotWallet(msg.sender);
        _;
    }

    /// @param owners Initial owners: non-zero, unique, at most MAX_OWNERS.
    /// @param threshold_ Confirmations needed to execute, 1..owners.length.
    constructor(address[] memory owners, uint256 threshold_) EIP712("StablePay MultiSig", "1") {
        for (uint256 i = 0; i < owners.length; ++i) {
            _addOwner(owners[i]);
        }
        _setThreshold(threshold_);
    }

    /// @notice Accepts ETH.
    receive() external payable {
        emit Received(msg.sender, msg.value);
    }

    /// @notice Proposes a call from this wallet and confirms it for the caller. Owner only.
    /// @param to Call target (not the zero address).
    /// @param value Wei sent with the call.
    /// @param data Calldata.
    /// @return txId The transaction id, which is also the digest owners sign.
    function propose(address to, uint256 value, bytes calldata data) external onlyOwner returns (bytes32 txId) {
        if (to == address(0)) revert InvalidTarget();

        uint256 txNonce = nonce++;
        txId = hashTransaction(to, value, data, txNonce);
        transactions[txId] = Transaction({to: to, value: value, data: data, nonce: txNonce, executed: false});
        emit Proposed(txId, msg.sender, to, value, data, txNonce);
        _confirm(txId, msg.sender);
    }

    /// @notice Confirms a pending transaction for the caller. Owner only, once per owner.
    /// @param txId The transaction.
    function confirm(bytes32 txId) external onlyOwner {
        _confirm(txId, msg.sender);
    }

    /// @notice Confirms a pending transaction for the owner who signed `txId` (a raw ECDSA
    ///         signature over the digest, no message prefix). Anyone may relay it. A signature
    ///         whose confirmation the owner revoked can't be relayed again.
    /// @dev A KMS signature (DER) must be relayed as 65 bytes (r, s, v) with s in the lower half
    ///      of the curve order (else use n - s and flip v), v = 27 or 28.
    /// @param txId The transaction (the signed EIP-712 digest).
    /// @param signature 65-byte (r, s, v) signature of an owner.
    function confirmBySignature(bytes32 txId, bytes calldata signature) external {
        address signer = ECDSA.recoverCalldata(txId, signature);
        if (!isOwner[signer]) revert NotOwner(signer);
        if (_votes[txId][signer] == Vote.Revoked) revert ConfirmationRevoked(txId, signer);
        _confirm(txId, signer);
    }

    /// @notice Withdraws the caller's confirmation of a pending transaction. Owner only.
    /// @param txId The transaction.
    function revoke(bytes32 txId) external onlyOwner {
        _pending(txId);
        if (_votes[txId][msg.sender] != Vote.Confirmed) revert NotConfirmed(txId, msg.sender);

        _votes[txId][msg.sender] = Vote.Revoked;
        emit Revoked(txId, msg.sender);
    }

    /// @notice Executes a transaction confirmed by at least `threshold` current owners. Owner
    ///         only. If the call fails, this reverts with the call's revert data and the
    ///         transaction stays pending, so it can be retried.
    /// @param txId The transaction.
    function execute(bytes32 txId) external onlyOwner nonReentrant {
        Transaction storage txn = _pending(txId);
        uint256 count = confirmations(txId);
        if (count < threshold) revert InsufficientConfirmations(txId, count, threshold);

        txn.executed = true;
        emit Executed(txId);
        (bool success, bytes memory returndata) = txn.to.call{value: txn.value}(txn.data);
        Address.verifyCallResult(success, returndata);
    }

    /// @notice Adds an owner. Only through a transaction of this wallet. A re-added owner's
    ///         earlier, unrevoked confirmations of pending transactions count again.
    /// @param owner The new owner: non-zero, not this wallet, not already an owner.
    function addOwner(address owner) external onlyWallet {
        _addOwner(owner);
    }

    /// @notice Removes an owner; their confirmations stop counting. Only through a transaction of
    ///         this wallet, and not below `threshold` owners.
    /// @param owner A current owner.
    function removeOwner(address owner) external onlyWallet {
        if (!isOwner[owner]) revert NotOwner(owner);
        uint256 last = _owners.length - 1;
        if (last < threshold) revert InvalidThreshold(threshold, last);

        for (uint256 i = 0; i < last; ++i) {
            if (_owners[i] == owner) {
                _owners[i] = _owners[last];
                break;
            }
        }
        _owners.pop();
        isOwner[owner] = false;
        emit OwnerRemoved(owner);
    }

    /// @notice Sets the number of confirmations needed to execute. Only through a transaction of
    ///         this wallet.
    /// @param newThreshold 1..number of owners.
    function changeThreshold(uint256 newThreshold) external onlyWallet {
        _setThreshold(newThreshold);
    }

    /// @notice The current owners.
    function getOwners() external view returns (address[] memory) {
        return _owners;
    }

    /// @notice Whether `owner` currently has a confirmation recorded for `txId` (also true for a
    ///         removed owner's confirmation, which does not count).
    /// @param txId The transaction.
    /// @param owner The owner.
    function isConfirmed(bytes32 txId, address owner) external view returns (bool) {
        return _votes[txId][owner] == Vote.Confirmed;
    }

    /// @notice Number of current owners who have confirmed `txId`.
    /// @param txId The transaction.
    function confirmations(bytes32 txId) public view returns (uint256 count) {
        for (uint256 i = 0; i < _owners.length; ++i) {
            if (_votes[txId][_owners[i]] == Vote.Confirmed) ++count;
        }
    }

    /// @notice The id (EIP-712 digest) of a transaction of this wallet on this chain.
    /// @param to Call target.
    /// @param value Wei sent with the call.
    /// @param data Calldata.
    /// @param txNonce The proposal nonce.
    function hashTransaction(address to, uint256 value, bytes calldata data, uint256 txNonce)
        public
        view
        returns (bytes32)
    {
        return _hashTypedDataV4(keccak256(abi.encode(TRANSACTION_TYPEHASH, to, value, keccak256(data), txNonce)));
    }

    function _confirm(bytes32 txId, address owner) private {
        _pending(txId);
        if (_votes[txId][owner] == Vote.Confirmed) revert AlreadyConfirmed(txId, owner);

        _votes[txId][owner] = Vote.Confirmed;
        emit Confirmed(txId, owner);
    }

    function _pending(bytes32 txId) private view returns (Transaction storage txn) {
        txn = transactions[txId];
        if (txn.to == address(0)) revert UnknownTransaction(txId);
        if (txn.executed) revert AlreadyExecuted(txId);
    }

    function _addOwner(address owner) private {
        if (owner == address(0) || owner == address(this)) revert InvalidOwner(owner);
        if (isOwner[owner]) revert AlreadyOwner(owner);
        if (_owners.length == MAX_OWNERS) revert TooManyOwners();

        _owners.push(owner);
        isOwner[owner] = true;
        emit OwnerAdded(owner);
    }

    function _setThreshold(uint256 newThreshold) private {
        if (newThreshold == 0 || newThreshold > _owners.length) {
            revert InvalidThreshold(newThreshold, _owners.length);
        }
        threshold = newThreshold;
        emit ThresholdChanged(newThreshold);
    }
}
