from .publication import Objection, VoterListChange, VoterListEntry, VoterListReposting, VoterListVersion
from .registration import Absence, ConflictAgreement, Registration, RegistrationConflict
from .residents import Education, Household, PoliticalStatus, Resident, ResidentGroup

__all__ = ["Absence", "ConflictAgreement", "Education", "Household", "Objection", "PoliticalStatus",
           "Registration", "RegistrationConflict", "Resident", "ResidentGroup", "VoterListChange", "VoterListEntry",
           "VoterListReposting", "VoterListVersion"]
