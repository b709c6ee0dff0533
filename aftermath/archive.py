"""The aftermath app's part of the election archive (AFT-4, elections/archive.py): the committee's seats elected
in this election, the handover and its signatures, the wrap-up, complaints with their evidence files, recalls.
Seats filled by a by-election belong to that by-election's archive."""
from elections import archive

from .models import (CommitteeSeat, Complaint, ComplaintEvidence, Handover, HandoverItem, HandoverSignature, Recall,
                     ResidentBody, ResidentBodyMember, WorkingCommittee, WorkingCommitteeMember)

archive.register(CommitteeSeat, rows=lambda election: CommitteeSeat.objects.filter(elected_in=election))
# A sealed handover refuses new items and signatures (AFT-2, a database trigger): it is marked complete in the
# restore's second pass, after its items and signatures are in.
archive.register(Handover, rows=lambda election: Handover.objects.filter(election=election),
                 second_pass=("completed_on",))
archive.register(HandoverItem, rows=lambda election: HandoverItem.objects.filter(handover__election=election))
archive.register(HandoverSignature, rows=lambda election: HandoverSignature.objects.filter(
    handover__election=election))
archive.register(WorkingCommittee, rows=lambda election: WorkingCommittee.objects.filter(election=election))
archive.register(WorkingCommitteeMember, rows=lambda election: WorkingCommitteeMember.objects.filter(
    committee__election=election, seat__elected_in=election))
archive.register(ResidentBody, rows=lambda election: ResidentBody.objects.filter(election=election))
archive.register(ResidentBodyMember, rows=lambda election: ResidentBodyMember.objects.filter(body__election=election))
archive.register(Complaint, rows=lambda election: Complaint.objects.filter(election=election))
archive.register(ComplaintEvidence, rows=lambda election: ComplaintEvidence.objects.filter(
    complaint__election=election))
archive.register(Recall, rows=lambda election: Recall.objects.filter(election=election, seat__elected_in=election))
