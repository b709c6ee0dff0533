from .publication import Objection, VoterListEntry, VoterListVersion
from .registration import Absence, Registration, RegistrationConflict
from .residents import Education, Household, PoliticalStatus, Resident, ResidentGroup

__all__ = ["Absence", "Education", "Household", "Objection", "PoliticalStatus", "Registration", "RegistrationConflict",
           "Resident", "ResidentGroup", "VoterListEntry", "VoterListVersion"]
