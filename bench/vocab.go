package main

// vocab holds the corpus word lists: ICT-for-development terms, sentence
// parts and name syllables, all written for this benchmark. Order matters
// in vocabulary: earlier terms are drawn more often (Zipf), so queries can
// pick common, middling and rare terms.
type vocab struct {
	vocabulary, subjects, verbs, fillers, titleHeads, orgHeads, orgTails, jobTitles, languages, syllables []string
}

func newVocab() vocab {
	return vocab{
		vocabulary: []string{
			"digital", "access", "connectivity", "inclusion", "broadband", "skills", "innovation", "infrastructure",
			"community", "platform", "women", "youth", "literacy", "government", "services", "network",
			"mobile", "learning", "health", "data", "security", "policy", "rural", "capacity",
			"entrepreneurship", "cooperation", "education", "internet", "affordability", "development",
			"governance", "citizens", "students", "teachers", "startups", "partnerships", "regulation",
			"transformation", "resilience", "sustainability", "privacy", "trust", "cybersecurity", "spectrum",
			"satellite", "fibre", "coverage", "content", "languages", "accessibility", "disabilities",
			"agriculture", "farmers", "markets", "payments", "finance", "employment", "workforce",
			"environment", "climate", "e-waste", "energy", "emergency", "disaster", "telemedicine",
			"clinics", "records", "identity", "open", "standards", "interoperability", "cloud",
			"artificial", "intelligence", "algorithms", "ethics", "research", "universities", "libraries",
			"archives", "heritage", "culture", "media", "journalism", "misinformation", "multilingual",
			"localisation", "software", "hardware", "devices", "smartphones", "centres", "hubs",
			"incubators", "mentoring", "girls", "leadership", "stem", "coding", "bootcamps", "curriculum",
			"schools", "villages", "municipalities", "ministries", "regulators", "operators", "providers",
			"investment", "tariffs", "taxation", "indicators", "statistics", "measurement", "surveys",
			"monitoring", "evaluation", "stakeholders", "dialogue", "forum", "consultation", "roadmap",
			"strategy", "framework", "toolkit", "guidelines", "outreach", "awareness", "campaign",
			"volunteers", "ngos", "procurement", "e-commerce", "logistics", "postal", "addressing",
			"geospatial", "mapping", "sensors", "iot", "blockchain", "drones", "robotics", "automation",
			"telecentres", "kiosks", "radio", "television", "broadcasting", "podcasts", "e-books",
			"scholarships", "fellowships", "apprenticeships", "microfinance", "cooperatives", "fisheries",
			"weather", "forecasting", "water", "sanitation", "nutrition", "maternal", "vaccination",
			"pandemic", "telework", "gig", "freelancers", "pensions", "welfare", "registries", "census",
			"elections", "transparency", "accountability", "anticorruption", "audits", "courts",
			"justice", "refugees", "migrants", "indigenous", "elders", "pastoralists", "islands",
			"mountains", "deserts", "coastal", "urban", "peri-urban", "border", "landlocked", "hydrology",
			"seismology", "astronomy", "genomics", "bioinformatics", "supercomputing", "quantum", "photonics",
		},
		subjects: []string{
			"the project", "the initiative", "the programme", "the session", "the panel", "participants",
			"the ministry", "local partners", "the consortium", "the network", "speakers", "the team",
		},
		verbs: []string{
			"expanded", "discussed", "improved", "supported", "measured", "strengthened", "connected",
			"trained", "reviewed", "launched", "piloted", "scaled", "documented", "highlighted",
		},
		fillers: []string{
			"and", "with", "for", "across", "through", "among", "between", "around", "beyond", "within",
		},
		titleHeads: []string{
			"Advancing", "Bridging", "Scaling", "Rethinking", "Building", "Measuring", "Securing",
			"Opening", "Connecting", "Financing", "Governing", "Teaching", "Mapping", "Sustaining",
		},
		orgHeads: []string{"Foundation", "Institute", "Agency", "Alliance", "Network", "Centre", "Council", "Association"},
		orgTails: []string{"for Development", "for Digital Futures", "Trust", "Partners", "Lab", "Collective", "Group"},
		jobTitles: []string{
			"Director", "Programme Officer", "Policy Analyst", "Chief Technology Officer", "Researcher",
			"Founder", "Engineer", "Professor", "Community Manager", "Advisor",
		},
		languages: []string{"English", "French", "Spanish", "Arabic", "Russian", "Chinese", "Portuguese", "Swahili", "Hindi"},
		syllables: []string{
			"ka", "lo", "mi", "ra", "tu", "sen", "dar", "vel", "no", "ji", "ba", "qui", "zel", "fa", "ho",
			"ri", "an", "ten", "mu", "sha", "po", "lin", "gu", "de", "vi", "yo", "ser", "na", "kel", "o",
		},
	}
}
