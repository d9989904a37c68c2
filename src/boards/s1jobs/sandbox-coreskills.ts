// The sandbox's own copy of s1jobs' core skill list, as the board's document gives it
// (docs/boards/s1jobs.md, "Sandbox": "one string from its own copy of the list"): the board's
// tab-separated list, pasted here as text, never the adapter's coreskills.tsv or coreskills-data.ts.
// A core skill or specialism mistyped in the adapter's list is then refused here, and a test fails.

/** The board's list: header `coreskill<TAB>specialism`, one row per pair (an empty specialism: none). */
const LIST = `coreskill	specialism
Accountancy	Audit
Accountancy	Bookkeeping
Accountancy	Business Services
Accountancy	Corporate Finance
Accountancy	Corporate Recovery / Insolvency
Accountancy	Cost Accounting
Accountancy	Credit Control
Accountancy	External Consultancy
Accountancy	Financial / Business Analysis
Accountancy	Financial / Mgmt Accounting
Accountancy	Fixed Asset / Capital Accounting
Accountancy	Forensic Accounting
Accountancy	Fund Accounting
Accountancy	General Ledger
Accountancy	General Practice
Accountancy	Group / Consolidation Accounting
Accountancy	Internal Audit / Compliance
Accountancy	Investment Accounting
Accountancy	Legal Accounting
Accountancy	P/Ledger & Accts Payable
Accountancy	Payroll
Accountancy	PFI / PPP
Accountancy	Project Accounting
Accountancy	Risk Management / Analysis
Accountancy	S/Ledger & Accts Receivable
Accountancy	Snr Mgmt (Controller/Director)
Accountancy	Systems Accounting
Accountancy	Taxation / VAT
Accountancy	Trainee / Graduate
Accountancy	Treasury
Accountancy	Unit Trust Accounting
Admin / Secretarial / PA	Admin
Admin / Secretarial / PA	Office Manager
Admin / Secretarial / PA	PA
Admin / Secretarial / PA	Receptionist
Admin / Secretarial / PA	Secretary
Agriculture / Fishing / Forestry	Agriculture
Agriculture / Fishing / Forestry	Fishing
Agriculture / Fishing / Forestry	Forestry
Agriculture / Fishing / Forestry	Gardening
Architecture	Architect
Architecture	Architectural Technician
Architecture	Assistant (Pt 1)
Architecture	Assistant (Pt 2)
Architecture	CAD Technician
Architecture	Design Management
Architecture	Interior Design
Architecture	Landscape Architecture
Architecture	Project Management
Architecture	Space Planning
Architecture	Technologist
Architecture	Urban Planning
Architecture	Visualisation
Biotechnology / Life Sciences	
Call / Contact Centres	Back Office
Call / Contact Centres	Call Handler
Call / Contact Centres	Collections
Call / Contact Centres	Director
Call / Contact Centres	Inbound Customer Service
Call / Contact Centres	Inbound Sales
Call / Contact Centres	Inbound Technical Support
Call / Contact Centres	Management
Call / Contact Centres	Outbound Sales
Call / Contact Centres	Resource Planning
Call / Contact Centres	Team Manager/Leader
Call / Contact Centres	Training
Charity / Voluntary	
Childcare	Care Assistant
Cleaning / Domestic / Caretaking	Caretaking
Cleaning / Domestic / Caretaking	Cleaning
Construction / Trades	Auctioneering
Construction / Trades	Bricklayer
Construction / Trades	Buyer
Construction / Trades	Carpentry/Joinery
Construction / Trades	Construction/Project Management
Construction / Trades	Contract Management
Construction / Trades	Electrician
Construction / Trades	Engineering
Construction / Trades	Estimator
Construction / Trades	Facilities Management
Construction / Trades	Foreman - Finishing
Construction / Trades	Foreman - General
Construction / Trades	Glazing
Construction / Trades	Health & Safety
Construction / Trades	HVAC
Construction / Trades	Labourer
Construction / Trades	Land Planning & Management
Construction / Trades	Machine/Plant Operative
Construction / Trades	Maintenance
Construction / Trades	Painter/Decorator
Construction / Trades	Pest Control
Construction / Trades	Pipefitter
Construction / Trades	Planning
Construction / Trades	Plastering
Construction / Trades	Plumber
Construction / Trades	Roads
Construction / Trades	Scaffolder
Construction / Trades	Senior Management
Construction / Trades	Site Management
Construction / Trades	Steel Fixer
Customer Services	
Driving	Chauffer
Driving	Delivery Driver
Driving	Driver - Bus
Driving	Driver - Forklift
Driving	Driver - HGV
Driving	Driver - LGV/Taxi/Minibus
Driving	Driving Instructor
Education / Teaching	Adult Education
Education / Teaching	Educational Research
Education / Teaching	Headships
Education / Teaching	Nursery Teaching
Education / Teaching	Primary Teaching
Education / Teaching	Secondary Teaching
Education / Teaching	Special Education
Education / Teaching	Teaching Assistant
Education / Teaching	TEFL
Education / Teaching	University/College Lecturing
Education / Teaching	Vocational Education
Emergency Services / Military / Security	Ambulance
Emergency Services / Military / Security	Fire
Emergency Services / Military / Security	Police
Emergency Services / Military / Security	Security Staff
Engineering / Technical	Applications
Engineering / Technical	Automotive
Engineering / Technical	Aviation
Engineering / Technical	Building Services
Engineering / Technical	Chemical
Engineering / Technical	Civil
Engineering / Technical	Controls/Instrumentation
Engineering / Technical	Corrosions
Engineering / Technical	Design/CAD/Drafting
Engineering / Technical	Electrical
Engineering / Technical	Electronics
Engineering / Technical	Environmental
Engineering / Technical	Geotech
Engineering / Technical	Health & Safety
Engineering / Technical	Maintenance
Engineering / Technical	Management
Engineering / Technical	Manufacturing and Production
Engineering / Technical	Materials Technology
Engineering / Technical	Mechanical
Engineering / Technical	Nuclear
Engineering / Technical	Power and Renewable Energy
Engineering / Technical	Process
Engineering / Technical	Product Development
Engineering / Technical	Quality Engineer
Engineering / Technical	Rail
Engineering / Technical	Structural
Engineering / Technical	Subsea
Engineering / Technical	Transportation
Engineering / Technical	Water
Engineering / Technical	Welding
Executive / Management	
Financial Services / Investment	Accountancy
Financial Services / Investment	Actuarial
Financial Services / Investment	Analysis
Financial Services / Investment	Compliance
Financial Services / Investment	Corporate Banking
Financial Services / Investment	Customer Service
Financial Services / Investment	External Consultancy
Financial Services / Investment	Financial Advice
Financial Services / Investment	Financial Services/Investment Admin
Financial Services / Investment	IFA
Financial Services / Investment	Internal Audit
Financial Services / Investment	Investment Management
Financial Services / Investment	Management
Financial Services / Investment	Mortgages
Financial Services / Investment	Operations
Financial Services / Investment	Pensions Administration
Financial Services / Investment	Project Management
Financial Services / Investment	Relationship Management
Financial Services / Investment	Research
Financial Services / Investment	Retail Banking
Financial Services / Investment	Risk Management
Financial Services / Investment	Trading/Sales
Hairdressing / Beauty	
Heritage / Culture / Library	Archaeology
Heritage / Culture / Library	Archive
Heritage / Culture / Library	Conservation
Heritage / Culture / Library	Curation
Heritage / Culture / Library	Funding
Heritage / Culture / Library	Librarianship
Heritage / Culture / Library	Museum / Art Gallery Staff
Heritage / Culture / Library	Research
Heritage / Culture / Library	Theatre
Hospitality / Catering / Tourism	Banqueting Management
Hospitality / Catering / Tourism	Bar/Pub Management
Hospitality / Catering / Tourism	Bar/Pub Staff
Hospitality / Catering / Tourism	Cabin Crew
Hospitality / Catering / Tourism	Catering Management
Hospitality / Catering / Tourism	Catering Staff
Hospitality / Catering / Tourism	Catering
Hospitality / Catering / Tourism	Chefs and Cooks
Hospitality / Catering / Tourism	Food and Drink Management
Hospitality / Catering / Tourism	Guides
Hospitality / Catering / Tourism	Head Chefs/Sous Chefs
Hospitality / Catering / Tourism	Hotel Management
Hospitality / Catering / Tourism	Housekeeping
Hospitality / Catering / Tourism	Inspection
Hospitality / Catering / Tourism	Porter
Hospitality / Catering / Tourism	Receptionist/Concierge
Hospitality / Catering / Tourism	Restaurant Management
Hospitality / Catering / Tourism	Security Staff
Hospitality / Catering / Tourism	Tour Operation
Hospitality / Catering / Tourism	Travel Agency/Consultancy
Hospitality / Catering / Tourism	Visitor Services Management
Hospitality / Catering / Tourism	Waiter
Hospitality / Catering / Tourism	Waitress
HR / Training / Recruitment	Assistant/Administration
HR / Training / Recruitment	Director/Management
HR / Training / Recruitment	Employee Relations
HR / Training / Recruitment	Generalist
HR / Training / Recruitment	Health & Safety
HR / Training / Recruitment	Learning & Development
HR / Training / Recruitment	Organisational Development
HR / Training / Recruitment	Personnel Logistics
HR / Training / Recruitment	Recruitment - Inhouse
HR / Training / Recruitment	Recruitment Consultancy
HR / Training / Recruitment	Reward
HR / Training / Recruitment	Training
Insurance	Account Management
Insurance	Actuarial
Insurance	Broking
Insurance	Claims
Insurance	Legal/Compliance
Insurance	Loss Adjustment
Insurance	Risk Management
Insurance	Underwriting
IT / Telecommunications	Architecture
IT / Telecommunications	Cloud
IT / Telecommunications	Consultancy
IT / Telecommunications	Database
IT / Telecommunications	Games Development
IT / Telecommunications	Infrastructure
IT / Telecommunications	Management
IT / Telecommunications	Networking
IT / Telecommunications	Phone/Tablet Apps
IT / Telecommunications	Programming
IT / Telecommunications	Software Development
IT / Telecommunications	Support
IT / Telecommunications	Systems Analysis
IT / Telecommunications	Telecomms
IT / Telecommunications	Testing
IT / Telecommunications	Web Design
IT / Telecommunications	Web Development
Legal	Company Secretary
Legal	Legal Cashier
Legal	Legal Secretary
Legal	Paralegal/legal executive
Legal	Solicitor (NQ)
Legal	Solicitor (PQE 1-2)
Legal	Solicitor (PQE 3-4)
Legal	Solicitor (PQE 5 + )
Legal	Solicitor/Advocate
Legal	Trainee solicitor
Leisure / Sport / Entertainment	Coaching
Logistics / Distribution	Contracts & Operations Mgmt
Logistics / Distribution	Couriers
Logistics / Distribution	Customer Service
Logistics / Distribution	Despatch/Distribution
Logistics / Distribution	Freight Forwarding
Logistics / Distribution	Inventory
Logistics / Distribution	Loading Bay Operative
Logistics / Distribution	Logistics /Supply Chain
Logistics / Distribution	Packer
Logistics / Distribution	Picker
Logistics / Distribution	Shipping
Logistics / Distribution	Sorter
Logistics / Distribution	Stores Manager
Logistics / Distribution	Transport Management
Logistics / Distribution	Warehouse Management
Logistics / Distribution	Warehouse Operative
Logistics / Distribution	Waste Management
Marketing / PR	Account Handling
Marketing / PR	Brand Management
Marketing / PR	Copywriting
Marketing / PR	Creative
Marketing / PR	Digital
Marketing / PR	Direct Marketing
Marketing / PR	Events
Marketing / PR	Market Research / Planning
Marketing / PR	Media Planning / Buying
Marketing / PR	PR / Corporate Communications
Marketing / PR	Production / Traffic
Marketing / PR	Sales Promotion
Marketing / PR	Social Media
Media / Design	Advertising
Media / Design	Animation
Media / Design	Art Direction / Set Design
Media / Design	Audio / Dubbing
Media / Design	Book Buying
Media / Design	Broadcast Technician
Media / Design	Camera Operation
Media / Design	Circulation
Media / Design	Commissioning - TV
Media / Design	Engineering Management
Media / Design	Fashion/Textile Design
Media / Design	Graphic Design/Layout
Media / Design	Journalism - Broadcast
Media / Design	Journalism - Print/Online
Media / Design	Library
Media / Design	Lighting
Media / Design	Music
Media / Design	Photography
Media / Design	Presentation / Voiceover
Media / Design	Printing
Media / Design	Programme Planning
Media / Design	Publishing
Media / Design	Radio
Media / Design	Research - Editorial
Media / Design	Rights Management
Media / Design	Sound Engineering
Media / Design	Technical Writing
Media / Design	TV/Film Production / Directing
Media / Design	Video Editing
Media / Design	Web Design / Production
Medical / Dental / Health Care	Animal Care
Medical / Dental / Health Care	Dental Nursing
Medical / Dental / Health Care	Director / Management
Medical / Dental / Health Care	Medical and Dental
Medical / Dental / Health Care	Nursing
Medical / Dental / Health Care	Occupational Therapy
Medical / Dental / Health Care	Optical
Medical / Dental / Health Care	Pharmacists
Medical / Dental / Health Care	Professional
Medical / Dental / Health Care	Professions Allied to Medicine
Medical / Dental / Health Care	Veterinary
Oil / Gas	Chemical Engineering
Oil / Gas	Civil Engineering
Oil / Gas	Commercial/Financial/Legal
Oil / Gas	Commissioning (Oil & Gas)
Oil / Gas	Design
Oil / Gas	Document Control (Oil & Gas)
Oil / Gas	Drilling
Oil / Gas	Electrical Engineering
Oil / Gas	Facilities Engineering
Oil / Gas	Geosciences/Exploration
Oil / Gas	HSE/Quality
Oil / Gas	Logistics
Oil / Gas	Maritime
Oil / Gas	Materials Engineering/Metallurgy
Oil / Gas	Mechanical Engineering
Oil / Gas	Operations (Oil & Gas)
Oil / Gas	Pipelines
Oil / Gas	Process Engineering
Oil / Gas	Procurement
Oil / Gas	Production Engineering
Oil / Gas	Project Engineering (Oil & Gas)
Oil / Gas	Sales/Marketing
Oil / Gas	Structural Engineering (Offshore)
Oil / Gas	Subsea/Subsurface/ROV/Diving
Product Management	
Production / Manufacturing	Health & Safety
Production / Manufacturing	Management
Production / Manufacturing	Quality Control
Production / Manufacturing	Semi-Skilled Operator
Production / Manufacturing	Skilled Operator
Production / Manufacturing	Supervisor/Team Leader
Project Management	
Property	Asset/Property Management
Property	Estate Agency - Commercial
Property	Estate Agency - Residential
Property	Lettings
Property	Property Management
Property	Surveyor - Other
Property	Surveyor - Quantity
Retail	Area/Regional Management
Retail	Butcher
Retail	Department Management
Retail	Fishmonger
Retail	Operations Management
Retail	Sales Advisor
Retail	Sales Assistant
Retail	Sales Manager
Retail	Store Management
Retail	Visual Merchandiser
Sales	Account Manager
Sales	Business Development
Sales	Car Sales
Sales	Field Sales
Sales	Property
Sales	Sales Assistant
Sales	Sales Manager
`;

/** Core skill -> its specialisms, read from the pasted list. */
const SPECIALISMS = new Map<string, string[]>();
for (const row of LIST.trim().split('\n').slice(1)) {
  const [coreskill = '', specialism = ''] = row.split('\t');
  const specialisms = SPECIALISMS.get(coreskill) ?? [];
  if (specialism !== '') specialisms.push(specialism);
  SPECIALISMS.set(coreskill, specialisms);
}

/** Every core skill the board knows, each with its specialisms (in the list's order). */
export const SANDBOX_CORE_SKILLS: ReadonlyMap<string, readonly string[]> = SPECIALISMS;

/** True when the board knows this core skill, case included. */
export const knownCoreSkill = (value: unknown): value is string =>
  typeof value === 'string' && SPECIALISMS.has(value);

/** The specialisms the board relates to this core skill (none for an unknown one). */
export const specialismsOfCoreSkill = (coreskill: string): readonly string[] =>
  SPECIALISMS.get(coreskill) ?? [];
