from .publication import Objection, VoterListEntry, VoterListVersion
from .registration import Absence, ConflictAgreement, Registration, RegistrationConflict
from .residents import Education, Household, PoliticalStatus, Resident, ResidentGroup

__all__ = ["Absence", "ConflictAgreement", "Education", "Household", "Objection", "PoliticalStatus",
           "Registration", "RegistrationConflict", "Resident", "ResidentGroup", "VoterListEntry",
           "VoterListVersion"]
