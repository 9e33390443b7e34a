"""The database tables (SQLModel). Importing this package registers every table on `SQLModel.metadata`."""

from app.models.accounts import Account
from app.models.catalog_analyses import AnalysisRun
from app.models.catalogs import CatalogEdit, CatalogRecord, CatalogVersion
from app.models.configurations import SavedConfiguration
from app.models.consents import Consent
from app.models.customers import Address, Contact, Customer, Identifier
from app.models.duplicates import DuplicateCandidate, Merge
from app.models.interactions import Interaction
from app.models.needs import Need
from app.models.orders import Order, OrderLine
from app.models.outbox import OutboxAttachment, OutboxMessage
from app.models.publishing import CatalogApproval, CatalogNotice, CatalogPublication
from app.models.quotes import AuthorityPolicyRecord, Quote, QuoteApproval, QuoteLine
from app.models.security import EmailToken, IdempotentRequest, SignInAttempt, WebSession
from app.models.value import TierRecord

__all__ = [
    "Account",
    "Address",
    "AnalysisRun",
    "AuthorityPolicyRecord",
    "CatalogApproval",
    "CatalogEdit",
    "CatalogNotice",
    "CatalogPublication",
    "CatalogRecord",
    "CatalogVersion",
    "Consent",
    "Contact",
    "Customer",
    "DuplicateCandidate",
    "EmailToken",
    "IdempotentRequest",
    "Identifier",
    "Interaction",
    "Merge",
    "Need",
    "Order",
    "OrderLine",
    "OutboxAttachment",
    "OutboxMessage",
    "Quote",
    "QuoteApproval",
    "QuoteLine",
    "SavedConfiguration",
    "SignInAttempt",
    "TierRecord",
    "WebSession",
]
