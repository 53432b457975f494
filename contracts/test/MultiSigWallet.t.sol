// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {Test} from "./utils/Test.sol";
import {MultiSigWallet} from "../src/MultiSigWallet.sol";
import {TestStablecoin} from "../src/test/TestStablecoin.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {Errors} from "@openzeppelin/contracts/utils/Errors.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

contract MultiSigWalletTest is Test {
    // Test-only private keys; never use them anywhere else.
    uint256 internal constant PK1 = 0xA11CE;
    uint256 internal constant PK2 = 0xB0B;
    uint256 internal constant PK3 = 0xCA201;
    uint256 internal constant PK4 = 0xD0D0;
    uint256 internal constant PK5 = 0xE11E;
    uint256 internal constant SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;

    address internal o1 = vm.addr(PK1);
    address internal o2 = vm.addr(PK2);
    address internal o3 = vm.addr(PK3);
    address internal o4 = vm.addr(PK4);
    address internal o5 = vm.addr(PK5);
    address internal recipient = makeAddr("recipient");
    address internal relayer = makeAddr("relayer");
    address internal stranger = makeAddr("stranger");

    MultiSigWallet internal wallet; // 2-of-3: o1, o2, o3
    MultiSigWallet internal wallet5; // 3-of-5: o1..o5

    function setUp() public {
        wallet = new MultiSigWallet(_addresses(o1, o2, o3), 2);
        address[] memory five = new address[](5);
        (five[0], five[1], five[2], five[3], five[4]) = (o1, o2, o3, o4, o5);
        wallet5 = new MultiSigWallet(five, 3);
        vm.deal(address(wallet), 10 ether);
        vm.deal(address(wallet5), 10 ether);
    }

    // ---- helpers ----

    function _addresses(address a, address b, address c) internal pure returns (address[] memory list) {
        list = new address[](3);
        (list[0], list[1], list[2]) = (a, b, c);
    }

    function _sign(uint256 pk, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(pk, digest);
        return abi.encodePacked(r, s, v);
    }

    function _propose(MultiSigWallet w, address proposer, address to, uint256 value, bytes memory data)
        internal
        returns (bytes32 txId)
    {
        vm.prank(proposer);
        txId = w.propose(to, value, data);
    }

    function _proposeSend(uint256 value) internal returns (bytes32) {
        return _propose(wallet, o1, recipient, value, "");
    }

    /// @dev Has the 2-of-3 wallet call itself: o1 proposes, o2 confirms, o1 executes.
    function _selfCall(bytes memory data) internal returns (bytes32 txId) {
        txId = _propose(wallet, o1, address(wallet), 0, data);
        vm.prank(o2);
        wallet.confirm(txId);
        vm.prank(o1);
        wallet.execute(txId);
    }

    /// @dev Proposes a self-call on the 2-of-3 wallet with two confirmations, ready to execute.
    function _confirmedSelfCall(bytes memory data) internal returns (bytes32 txId) {
        txId = _propose(wallet, o1, address(wallet), 0, data);
        vm.prank(o2);
        wallet.confirm(txId);
    }

    // ---- constructor ----

    function test_constructorSetsOwnersAndThreshold() public {
        vm.expectEmit();
        emit MultiSigWallet.OwnerAdded(o1);
        vm.expectEmit();
        emit MultiSigWallet.OwnerAdded(o2);
        vm.expectEmit();
        emit MultiSigWallet.OwnerAdded(o3);
        vm.expectEmit();
        emit MultiSigWallet.ThresholdChanged(2);
        MultiSigWallet w = new MultiSigWallet(_addresses(o1, o2, o3), 2);

        address[] memory owners = w.getOwners();
        vm.assertEq(owners.length, 3);
        vm.assertEq(owners[0], o1);
        vm.assertEq(owners[2], o3);
        vm.assertTrue(w.isOwner(o2));
        vm.assertFalse(w.isOwner(stranger));
        vm.assertEq(w.threshold(), 2);
        vm.assertEq(wallet5.threshold(), 3);
        vm.assertEq(wallet5.getOwners().length, 5);
    }

    function test_constructorRejectsZeroOwner() public {
        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.InvalidOwner.selector, address(0)));
        new MultiSigWallet(_addresses(o1, address(0), o3), 2);
    }

    function test_constructorRejectsDuplicateOwner() public {
        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.AlreadyOwner.selector, o1));
        new MultiSigWallet(_addresses(o1, o2, o1), 2);
    }

    function test_constructorRejectsBadThreshold() public {
        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.InvalidThreshold.selector, 0, 3));
        new MultiSigWallet(_addresses(o1, o2, o3), 0);
        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.InvalidThreshold.selector, 4, 3));
        new MultiSigWallet(_addresses(o1, o2, o3), 4);
        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.InvalidThreshold.selector, 1, 0));
        new MultiSigWallet(new address[](0), 1);
    }

    function test_constructorRejectsTooManyOwners() public {
        address[] memory owners = new address[](21);
        for (uint256 i = 0; i < owners.length; ++i) {
            owners[i] = vm.addr(100 + i);
        }
        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.TooManyOwners.selector));
        new MultiSigWallet(owners, 1);
    }

    // ---- receive ----

    function test_receiveAcceptsEthAndEmits() public {
        vm.deal(stranger, 1 ether);
        vm.expectEmit(address(wallet));
        emit MultiSigWallet.Received(stranger, 1 ether);
        vm.prank(stranger);
        (bool ok,) = address(wallet).call{value: 1 ether}("");
        vm.assertTrue(ok);
        vm.assertEq(address(wallet).balance, 11 ether);
    }

    // ---- hashTransaction ----

    function test_hashTransactionIsEip712Digest() public view {
        bytes memory data = hex"deadbeef";
        bytes32 domainSeparator = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256("StablePay MultiSig"),
                keccak256("1"),
                block.chainid,
                address(wallet)
            )
        );
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("Transaction(address to,uint256 value,bytes data,uint256 nonce)"),
                recipient,
                1 ether,
                keccak256(data),
                7
            )
        );
        bytes32 expected = keccak256(abi.encodePacked("\x19\x01", domainSeparator, structHash));
        vm.assertEq(wallet.hashTransaction(recipient, 1 ether, data, 7), expected);
    }

    // ---- propose ----

    function test_proposeStoresTransactionAndConfirmsForProposer() public {
        bytes memory data = hex"c0ffee";
        bytes32 expectedId = wallet.hashTransaction(recipient, 1 ether, data, 0);
        vm.expectEmit(address(wallet));
        emit MultiSigWallet.Proposed(expectedId, o1, recipient, 1 ether, data, 0);
        vm.expectEmit(address(wallet));
        emit MultiSigWallet.Confirmed(expectedId, o1);
        bytes32 txId = _propose(wallet, o1, recipient, 1 ether, data);

        vm.assertEq(txId, expectedId);
        (address to, uint256 value, bytes memory storedData, uint256 txNonce, bool executed) = wallet.transactions(txId);
        vm.assertEq(to, recipient);
        vm.assertEq(value, 1 ether);
        vm.assertEq(storedData, data);
        vm.assertEq(txNonce, 0);
        vm.assertFalse(executed);
        vm.assertEq(wallet.nonce(), 1);
        vm.assertTrue(wallet.isConfirmed(txId, o1));
        vm.assertEq(wallet.confirmations(txId), 1);
    }

    function test_sameCallProposedTwiceGetsTwoIds() public {
        bytes32 first = _proposeSend(1 ether);
        bytes32 second = _proposeSend(1 ether);
        vm.assertTrue(first != second);
        vm.assertEq(second, wallet.hashTransaction(recipient, 1 ether, "", 1));
    }

    function test_proposeRejectsNonOwner() public {
        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.NotOwner.selector, stranger));
        _propose(wallet, stranger, recipient, 1 ether, "");
    }

    function test_proposeRejectsZeroTarget() public {
        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.InvalidTarget.selector));
        _propose(wallet, o1, address(0), 1 ether, "");
    }

    // ---- confirm ----

    function test_confirmRecordsAndEmits() public {
        bytes32 txId = _proposeSend(1 ether);
        vm.expectEmit(address(wallet));
        emit MultiSigWallet.Confirmed(txId, o2);
        vm.prank(o2);
        wallet.confirm(txId);
        vm.assertTrue(wallet.isConfirmed(txId, o2));
        vm.assertEq(wallet.confirmations(txId), 2);
    }

    function test_confirmOncePerOwner() public {
        bytes32 txId = _proposeSend(1 ether);
        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.AlreadyConfirmed.selector, txId, o1));
        vm.prank(o1);
        wallet.confirm(txId);
    }

    function test_confirmRejectsNonOwner() public {
        bytes32 txId = _proposeSend(1 ether);
        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.NotOwner.selector, stranger));
        vm.prank(stranger);
        wallet.confirm(txId);
    }

    function test_confirmRejectsUnknownTransaction() public {
        bytes32 txId = keccak256("nothing");
        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.UnknownTransaction.selector, txId));
        vm.prank(o1);
        wallet.confirm(txId);
    }

    function test_confirmRejectsExecutedTransaction() public {
        bytes32 txId = _proposeSend(1 ether);
        vm.prank(o2);
        wallet.confirm(txId);
        vm.prank(o1);
        wallet.execute(txId);
        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.AlreadyExecuted.selector, txId));
        vm.prank(o3);
        wallet.confirm(txId);
    }

    // ---- confirmBySignature ----

    function test_confirmBySignatureRelayedByAnyone() public {
        bytes32 txId = _proposeSend(1 ether);
        vm.expectEmit(address(wallet));
        emit MultiSigWallet.Confirmed(txId, o3);
        vm.prank(relayer);
        wallet.confirmBySignature(txId, _sign(PK3, txId));
        vm.assertTrue(wallet.isConfirmed(txId, o3));

        vm.prank(o2);
        wallet.execute(txId);
        vm.assertEq(recipient.balance, 1 ether);
    }

    function test_confirmBySignatureCannotBeReplayed() public {
        bytes32 txId = _proposeSend(1 ether);
        bytes memory signature = _sign(PK3, txId);
        wallet.confirmBySignature(txId, signature);
        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.AlreadyConfirmed.selector, txId, o3));
        wallet.confirmBySignature(txId, signature);
    }

    function test_signatureForOneTxCannotConfirmAnother() public {
        bytes32 signed = _proposeSend(1 ether);
        bytes32 other = _proposeSend(1 ether);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(PK3, signed);
        address recovered = ecrecover(other, v, r, s);

        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.NotOwner.selector, recovered));
        wallet.confirmBySignature(other, abi.encodePacked(r, s, v));
        vm.assertEq(wallet.confirmations(other), 1);
    }

    function test_signatureForAnotherChainIsRejected() public {
        // o3 signs nonce 0 of this wallet as it hashes on chain 1 ...
        vm.chainId(1);
        bytes32 signedOnChain1 = wallet.hashTransaction(recipient, 1 ether, "", 0);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(PK3, signedOnChain1);

        // ... and the same proposal on chain 10 has another id, which that signature doesn't confirm.
        vm.chainId(10);
        bytes32 txId = _proposeSend(1 ether);
        vm.assertTrue(txId != signedOnChain1);
        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.NotOwner.selector, ecrecover(txId, v, r, s)));
        wallet.confirmBySignature(txId, abi.encodePacked(r, s, v));
    }

    function test_signatureForAnotherWalletIsRejected() public {
        MultiSigWallet twin = new MultiSigWallet(_addresses(o1, o2, o3), 2);
        bytes32 twinId = _propose(twin, o1, recipient, 1 ether, "");
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(PK3, twinId);

        bytes32 txId = _proposeSend(1 ether);
        vm.assertTrue(txId != twinId);
        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.NotOwner.selector, ecrecover(txId, v, r, s)));
        wallet.confirmBySignature(txId, abi.encodePacked(r, s, v));
        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.UnknownTransaction.selector, twinId));
        wallet.confirmBySignature(twinId, abi.encodePacked(r, s, v));
    }

    function test_confirmBySignatureRejectsNonOwnerSigner() public {
        bytes32 txId = _proposeSend(1 ether);
        uint256 strangerKey = 0x5757;
        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.NotOwner.selector, vm.addr(strangerKey)));
        wallet.confirmBySignature(txId, _sign(strangerKey, txId));
    }

    function test_confirmBySignatureRejectsMalleableSignature() public {
        bytes32 txId = _proposeSend(1 ether);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(PK3, txId);
        bytes32 highS = bytes32(SECP256K1_N - uint256(s));
        vm.expectRevert(abi.encodeWithSelector(ECDSA.ECDSAInvalidSignatureS.selector, highS));
        wallet.confirmBySignature(txId, abi.encodePacked(r, highS, v == 27 ? uint8(28) : uint8(27)));
    }

    function test_confirmBySignatureRejectsMalformedSignature() public {
        bytes32 txId = _proposeSend(1 ether);
        (, bytes32 r, bytes32 s) = vm.sign(PK3, txId);
        vm.expectRevert(abi.encodeWithSelector(ECDSA.ECDSAInvalidSignatureLength.selector, 64));
        wallet.confirmBySignature(txId, abi.encodePacked(r, s));
    }

    function test_confirmBySignatureRejectsExecutedTransaction() public {
        bytes32 txId = _proposeSend(1 ether);
        vm.prank(o2);
        wallet.confirm(txId);
        vm.prank(o1);
        wallet.execute(txId);
        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.AlreadyExecuted.selector, txId));
        wallet.confirmBySignature(txId, _sign(PK3, txId));
    }

    function test_revokedSignatureCannotBeRelayedAgain() public {
        bytes32 txId = _proposeSend(1 ether);
        bytes memory signature = _sign(PK2, txId);
        wallet.confirmBySignature(txId, signature);
        vm.prank(o2);
        wallet.revoke(txId);

        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.ConfirmationRevoked.selector, txId, o2));
        wallet.confirmBySignature(txId, signature);

        vm.prank(o2);
        wallet.confirm(txId); // the owner may still confirm again directly
        vm.assertTrue(wallet.isConfirmed(txId, o2));
    }

    // ---- revoke ----

    function test_revokeDropsBelowThreshold() public {
        bytes32 txId = _proposeSend(1 ether);
        vm.prank(o2);
        wallet.confirm(txId);
        vm.assertEq(wallet.confirmations(txId), 2);

        vm.expectEmit(address(wallet));
        emit MultiSigWallet.Revoked(txId, o2);
        vm.prank(o2);
        wallet.revoke(txId);
        vm.assertFalse(wallet.isConfirmed(txId, o2));
        vm.assertEq(wallet.confirmations(txId), 1);

        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.InsufficientConfirmations.selector, txId, 1, 2));
        vm.prank(o1);
        wallet.execute(txId);
    }

    function test_revokeRequiresOwnConfirmation() public {
        bytes32 txId = _proposeSend(1 ether);
        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.NotConfirmed.selector, txId, o2));
        vm.prank(o2);
        wallet.revoke(txId);

        vm.prank(o1);
        wallet.revoke(txId);
        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.NotConfirmed.selector, txId, o1));
        vm.prank(o1);
        wallet.revoke(txId);
    }

    function test_revokeRejectsNonOwner() public {
        bytes32 txId = _proposeSend(1 ether);
        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.NotOwner.selector, stranger));
        vm.prank(stranger);
        wallet.revoke(txId);
    }

    function test_revokeRejectsUnknownTransaction() public {
        bytes32 txId = keccak256("nothing");
        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.UnknownTransaction.selector, txId));
        vm.prank(o1);
        wallet.revoke(txId);
    }

    function test_revokeRejectsExecutedTransaction() public {
        bytes32 txId = _proposeSend(1 ether);
        vm.prank(o2);
        wallet.confirm(txId);
        vm.prank(o1);
        wallet.execute(txId);
        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.AlreadyExecuted.selector, txId));
        vm.prank(o1);
        wallet.revoke(txId);
    }

    // ---- execute ----

    function test_executeSendsEthExactlyOnce() public {
        bytes32 txId = _proposeSend(1 ether);
        vm.prank(o2);
        wallet.confirm(txId);

        vm.expectEmit(address(wallet));
        emit MultiSigWallet.Executed(txId);
        vm.prank(o3);
        wallet.execute(txId);
        vm.assertEq(recipient.balance, 1 ether);
        (,,,, bool executed) = wallet.transactions(txId);
        vm.assertTrue(executed);

        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.AlreadyExecuted.selector, txId));
        vm.prank(o1);
        wallet.execute(txId);
    }

    function test_executeNeedsThresholdConfirmations() public {
        bytes32 txId = _proposeSend(1 ether);
        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.InsufficientConfirmations.selector, txId, 1, 2));
        vm.prank(o1);
        wallet.execute(txId);
    }

    function test_executeThreeOfFiveNeedsExactlyThree() public {
        bytes32 txId = _propose(wallet5, o4, recipient, 2 ether, "");
        wallet5.confirmBySignature(txId, _sign(PK5, txId));
        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.InsufficientConfirmations.selector, txId, 2, 3));
        vm.prank(o1);
        wallet5.execute(txId);

        vm.prank(o2);
        wallet5.confirm(txId);
        vm.prank(o1);
        wallet5.execute(txId);
        vm.assertEq(recipient.balance, 2 ether);
        vm.assertEq(address(wallet5).balance, 8 ether);
    }

    function test_executeRejectsNonOwner() public {
        bytes32 txId = _proposeSend(1 ether);
        vm.prank(o2);
        wallet.confirm(txId);
        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.NotOwner.selector, stranger));
        vm.prank(stranger);
        wallet.execute(txId);
    }

    function test_executeRejectsUnknownTransaction() public {
        bytes32 txId = keccak256("nothing");
        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.UnknownTransaction.selector, txId));
        vm.prank(o1);
        wallet.execute(txId);
    }

    function test_executeTransfersErc20() public {
        TestStablecoin usdt = new TestStablecoin("Tether USD", "USDT", 6);
        usdt.mint(address(wallet5), 1_000e6);
        bytes memory data = abi.encodeCall(usdt.transfer, (recipient, 250e6));
        bytes32 txId = _propose(wallet5, o1, address(usdt), 0, data);
        wallet5.confirmBySignature(txId, _sign(PK2, txId));
        wallet5.confirmBySignature(txId, _sign(PK3, txId));
        vm.prank(o1);
        wallet5.execute(txId);

        vm.assertEq(usdt.balanceOf(recipient), 250e6);
        vm.assertEq(usdt.balanceOf(address(wallet5)), 750e6);
    }

    function test_failedCallBubblesRevertAndCanBeRetried() public {
        TestStablecoin usdt = new TestStablecoin("Tether USD", "USDT", 6);
        bytes memory data = abi.encodeCall(usdt.transfer, (recipient, 5e6));
        bytes32 txId = _propose(wallet, o1, address(usdt), 0, data);
        vm.prank(o2);
        wallet.confirm(txId);

        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, address(wallet), 0, 5e6));
        vm.prank(o1);
        wallet.execute(txId);

        usdt.mint(address(wallet), 5e6);
        vm.prank(o1);
        wallet.execute(txId);
        vm.assertEq(usdt.balanceOf(recipient), 5e6);
    }

    function test_failedCallWithoutRevertDataRevertsWithFailedCall() public {
        bytes32 txId = _proposeSend(20 ether); // more than the wallet holds
        vm.prank(o2);
        wallet.confirm(txId);
        vm.expectRevert(abi.encodeWithSelector(Errors.FailedCall.selector));
        vm.prank(o1);
        wallet.execute(txId);

        vm.deal(address(wallet), 20 ether);
        vm.prank(o1);
        wallet.execute(txId);
        vm.assertEq(recipient.balance, 20 ether);
    }

    function test_executeIsNonReentrant() public {
        ReentrantOwner attacker = new ReentrantOwner();
        address[] memory owners = new address[](2);
        (owners[0], owners[1]) = (o1, address(attacker));
        MultiSigWallet w = new MultiSigWallet(owners, 1);
        vm.deal(address(w), 2 ether);
        bytes32 payAttacker = _propose(w, o1, address(attacker), 1 ether, "");
        bytes32 payRecipient = _propose(w, o1, recipient, 1 ether, "");
        attacker.arm(w, payRecipient);

        vm.expectRevert(abi.encodeWithSelector(ReentrancyGuard.ReentrancyGuardReentrantCall.selector));
        vm.prank(o1);
        w.execute(payAttacker);
    }

    // ---- owner management ----

    function test_ownerManagementOnlyThroughWallet() public {
        vm.startPrank(o1);
        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.NotWallet.selector, o1));
        wallet.addOwner(o4);
        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.NotWallet.selector, o1));
        wallet.removeOwner(o3);
        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.NotWallet.selector, o1));
        wallet.changeThreshold(1);
        vm.stopPrank();
    }

    function test_addOwnerThroughWallet() public {
        bytes32 change = _confirmedSelfCall(abi.encodeCall(wallet.addOwner, (o4)));
        vm.expectEmit(address(wallet));
        emit MultiSigWallet.OwnerAdded(o4);
        vm.prank(o1);
        wallet.execute(change);
        vm.assertTrue(wallet.isOwner(o4));
        vm.assertEq(wallet.getOwners().length, 4);
        vm.assertEq(wallet.getOwners()[3], o4);
    }

    function test_addOwnerRejectsInvalidOwners() public {
        bytes32 txId = _confirmedSelfCall(abi.encodeCall(wallet.addOwner, (o2)));
        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.AlreadyOwner.selector, o2));
        vm.prank(o1);
        wallet.execute(txId);

        txId = _confirmedSelfCall(abi.encodeCall(wallet.addOwner, (address(0))));
        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.InvalidOwner.selector, address(0)));
        vm.prank(o1);
        wallet.execute(txId);

        txId = _confirmedSelfCall(abi.encodeCall(wallet.addOwner, (address(wallet))));
        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.InvalidOwner.selector, address(wallet)));
        vm.prank(o1);
        wallet.execute(txId);
    }

    function test_addOwnerRejectsMoreThanMaxOwners() public {
        address[] memory owners = new address[](20);
        for (uint256 i = 0; i < owners.length; ++i) {
            owners[i] = vm.addr(100 + i);
        }
        MultiSigWallet full = new MultiSigWallet(owners, 1);
        bytes32 txId = _propose(full, owners[0], address(full), 0, abi.encodeCall(full.addOwner, (o1)));
        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.TooManyOwners.selector));
        vm.prank(owners[0]);
        full.execute(txId);
    }

    function test_removeOwnerThroughWallet() public {
        bytes32 change = _confirmedSelfCall(abi.encodeCall(wallet.removeOwner, (o1)));
        vm.expectEmit(address(wallet));
        emit MultiSigWallet.OwnerRemoved(o1);
        vm.prank(o1);
        wallet.execute(change);

        vm.assertFalse(wallet.isOwner(o1));
        address[] memory owners = wallet.getOwners();
        vm.assertEq(owners.length, 2);
        vm.assertEq(owners[0], o3); // the last owner moves into the freed slot
        vm.assertEq(owners[1], o2);
        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.NotOwner.selector, o1));
        _propose(wallet, o1, recipient, 1 ether, "");
    }

    function test_removeOwnerRejectsNonOwner() public {
        bytes32 txId = _confirmedSelfCall(abi.encodeCall(wallet.removeOwner, (stranger)));
        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.NotOwner.selector, stranger));
        vm.prank(o1);
        wallet.execute(txId);
    }

    function test_removeOwnerCannotDropBelowThreshold() public {
        _selfCall(abi.encodeCall(wallet.removeOwner, (o3)));
        bytes32 txId = _confirmedSelfCall(abi.encodeCall(wallet.removeOwner, (o2)));
        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.InvalidThreshold.selector, 2, 1));
        vm.prank(o1);
        wallet.execute(txId);
    }

    function test_removedOwnersConfirmationNoLongerCounts() public {
        bytes32 txId = _proposeSend(1 ether); // confirmed by o1
        vm.prank(o3);
        wallet.confirm(txId);
        vm.assertEq(wallet.confirmations(txId), 2);

        _selfCall(abi.encodeCall(wallet.removeOwner, (o3)));
        vm.assertEq(wallet.confirmations(txId), 1);
        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.InsufficientConfirmations.selector, txId, 1, 2));
        vm.prank(o1);
        wallet.execute(txId);

        vm.prank(o2);
        wallet.confirm(txId);
        vm.prank(o1);
        wallet.execute(txId);
        vm.assertEq(recipient.balance, 1 ether);
    }

    function test_readdedOwnersUnrevokedConfirmationCountsAgain() public {
        bytes32 txId = _proposeSend(1 ether); // confirmed by o1
        vm.prank(o3);
        wallet.confirm(txId);
        _selfCall(abi.encodeCall(wallet.removeOwner, (o3)));
        vm.assertEq(wallet.confirmations(txId), 1);

        _selfCall(abi.encodeCall(wallet.addOwner, (o3)));
        vm.assertEq(wallet.confirmations(txId), 2, "documented: re-adding an owner revives its confirmations");
    }

    function test_changeThresholdThroughWallet() public {
        bytes32 change = _confirmedSelfCall(abi.encodeCall(wallet.changeThreshold, (3)));
        vm.expectEmit(address(wallet));
        emit MultiSigWallet.ThresholdChanged(3);
        vm.prank(o1);
        wallet.execute(change);
        vm.assertEq(wallet.threshold(), 3);

        bytes32 txId = _proposeSend(1 ether);
        vm.prank(o2);
        wallet.confirm(txId);
        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.InsufficientConfirmations.selector, txId, 2, 3));
        vm.prank(o1);
        wallet.execute(txId);
    }

    function test_changeThresholdRejectsOutOfRange() public {
        bytes32 txId = _confirmedSelfCall(abi.encodeCall(wallet.changeThreshold, (0)));
        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.InvalidThreshold.selector, 0, 3));
        vm.prank(o1);
        wallet.execute(txId);

        txId = _confirmedSelfCall(abi.encodeCall(wallet.changeThreshold, (4)));
        vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.InvalidThreshold.selector, 4, 3));
        vm.prank(o1);
        wallet.execute(txId);
    }

    // ---- fuzz ----

    /// The constructor accepts exactly 1 <= threshold <= owners <= MAX_OWNERS.
    function testFuzz_constructorValidatesOwnersAndThreshold(uint256 ownerCount, uint256 threshold) public {
        ownerCount = bound(ownerCount, 0, 21);
        threshold = bound(threshold, 0, 22);
        address[] memory owners = new address[](ownerCount);
        for (uint256 i = 0; i < ownerCount; ++i) {
            owners[i] = vm.addr(1000 + i);
        }

        if (ownerCount > 20) {
            vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.TooManyOwners.selector));
        } else if (threshold == 0 || threshold > ownerCount) {
            vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.InvalidThreshold.selector, threshold, ownerCount));
        }
        MultiSigWallet w = new MultiSigWallet(owners, threshold);
        if (ownerCount <= 20 && threshold >= 1 && threshold <= ownerCount) {
            vm.assertEq(w.getOwners().length, ownerCount);
            vm.assertEq(w.threshold(), threshold);
        }
    }

    /// For any M-of-N, M-1 confirmations (direct or by signature) can't execute and M can.
    function testFuzz_executeNeedsExactlyThreshold(uint256 ownerCount, uint256 threshold) public {
        ownerCount = bound(ownerCount, 1, 20);
        threshold = bound(threshold, 1, ownerCount);
        address[] memory owners = new address[](ownerCount);
        for (uint256 i = 0; i < ownerCount; ++i) {
            owners[i] = vm.addr(1000 + i);
        }
        MultiSigWallet w = new MultiSigWallet(owners, threshold);
        vm.deal(address(w), 1 ether);

        bytes32 txId = _propose(w, owners[0], recipient, 1 ether, "");
        for (uint256 i = 1; i < threshold; ++i) {
            if (i == threshold - 1) {
                vm.expectRevert(
                    abi.encodeWithSelector(
                        MultiSigWallet.InsufficientConfirmations.selector, txId, threshold - 1, threshold
                    )
                );
                vm.prank(owners[0]);
                w.execute(txId);
            }
            if (i % 2 == 0) {
                vm.prank(owners[i]);
                w.confirm(txId);
            } else {
                w.confirmBySignature(txId, _sign(1000 + i, txId));
            }
        }
        vm.assertEq(w.confirmations(txId), threshold);
        vm.prank(owners[ownerCount - 1]);
        w.execute(txId);
        vm.assertEq(recipient.balance, 1 ether);
    }

    /// Only an owner's key can confirm by signature (`pick` < 4 tries PK1..PK4, of which PK4 is not
    /// an owner of `wallet`; otherwise a random key).
    function testFuzz_onlyOwnerSignaturesConfirm(uint8 pick, uint256 privateKey) public {
        uint256[4] memory knownKeys = [PK1, PK2, PK3, PK4];
        privateKey = pick < 4 ? knownKeys[pick] : bound(privateKey, 1, SECP256K1_N - 1);
        address signer = vm.addr(privateKey);
        bytes32 txId = _proposeSend(1 ether);

        if (!wallet.isOwner(signer)) {
            vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.NotOwner.selector, signer));
        } else if (signer == o1) {
            vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.AlreadyConfirmed.selector, txId, o1));
        }
        wallet.confirmBySignature(txId, _sign(privateKey, txId));
    }

    /// changeThreshold accepts exactly 1..owners.
    function testFuzz_changeThreshold(uint256 threshold) public {
        threshold = bound(threshold, 0, 25);
        bytes32 txId = _confirmedSelfCall(abi.encodeCall(wallet.changeThreshold, (threshold)));
        bool valid = threshold >= 1 && threshold <= 3;
        if (!valid) vm.expectRevert(abi.encodeWithSelector(MultiSigWallet.InvalidThreshold.selector, threshold, 3));
        vm.prank(o1);
        wallet.execute(txId);
        vm.assertEq(wallet.threshold(), valid ? threshold : 2);
    }
}

/// @dev An owner whose `receive` tries to execute another transaction of the wallet paying it.
contract ReentrantOwner {
    MultiSigWallet private _wallet;
    bytes32 private _txId;

    function arm(MultiSigWallet wallet, bytes32 txId) external {
        _wallet = wallet;
        _txId = txId;
    }

    receive() external payable {
        _wallet.execute(_txId);
    }
}
