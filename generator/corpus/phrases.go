package corpus

// text is one phrase in both languages. Keeping the two side by side means
// the pools below always have the same length, so one random draw picks
// the same meaning in English and in Chinese.
type text struct{ en, zh string }

func (t text) in(lang string) string {
	if lang == "zh" {
		return t.zh
	}
	return t.en
}

// sentences make up the bodies. {field} and {city} are replaced with the
// page's field of technology and city.
var sentences = []text{
	{"A technology transfer office sits between the laboratory and the market, and its first task is to know what the institution actually owns.", "技术转移机构处在实验室与市场之间，首要任务是摸清本单位到底拥有哪些科技成果。"},
	{"Invention disclosures should be filed before any paper, poster or conference talk makes the result public.", "发明披露应当在论文发表、学术报告或展会展示之前完成，以免成果因公开而丧失新颖性。"},
	{"In {city}, many university spin-offs begin with a licence rather than an assignment, so the university keeps title to the patent.", "在{city}，不少高校衍生企业从专利许可起步，而不是直接受让专利，学校因此仍保留权属。"},
	{"A licence agreement for {field} usually combines an upfront fee, running royalties and milestone payments tied to regulatory approval.", "{field}领域的许可合同通常由入门费、提成费以及与审批节点挂钩的里程碑付款共同组成。"},
	{"Buyers rarely pay for a patent alone; they pay for the know-how, data and people that make the patent usable.", "买方很少只为一件专利付费，他们真正购买的是让专利落地所需的技术秘密、数据和团队。"},
	{"Technology readiness levels give both sides a shared vocabulary for how far a result is from a product.", "技术成熟度等级为交易双方提供了共同语言，用来判断一项成果距离产品还有多远。"},
	{"Agreed pricing must be published inside the institution for a set period before the contract is signed.", "采用协议定价的，应当在本单位公示成果名称和拟交易价格，公示期满后再签订合同。"},
	{"Listing an achievement on a technology exchange sets a price through open bidding and leaves a clear record for auditors.", "在技术交易市场挂牌交易，可以通过公开竞价形成价格，也为日后的审计留下清晰记录。"},
	{"Under national law, researchers who made an important contribution may receive at least half of the net income from a transfer.", "根据国家法律，对完成和转化成果作出重要贡献的人员，可以获得不低于净收入百分之五十的奖励。"},
	{"Freedom-to-operate searches should be refreshed whenever the product design or the target market changes.", "产品设计或目标市场一旦发生变化，就应当重新开展自由实施检索和侵权风险分析。"},
	{"Cross-border projects between Hong Kong and the mainland must check export control lists as well as patent rights.", "香港与内地之间的跨境项目，既要核查专利权属，也要逐项核对出口管制清单。"},
	{"A good term sheet fits on two pages and names the field of use, the territory and the exclusivity clearly.", "一份好的条款清单两页纸就能写完，但必须写清楚实施领域、地域范围和独占程度。"},
	{"Incubators in {city} increasingly expect a qualified technology manager to support each resident start-up.", "{city}的孵化器越来越多地要求为每家在孵企业配备一名具备资质的技术经理人。"},
	{"Evaluation reports should state their assumptions, because a valuation is only as sound as the market data behind it.", "评价报告应当写明假设条件，因为估值是否可靠，取决于其背后的市场数据是否扎实。"},
	{"Field-of-use licensing lets one patent family serve a medical device maker and an industrial sensor company at once.", "按领域分别许可，可以让同一个专利族同时服务医疗器械企业和工业传感器企业。"},
	{"Royalty stacking becomes a real risk when a product in {field} needs licences from several patent holders.", "当{field}产品需要取得多家权利人的许可时，提成费叠加就会成为实实在在的风险。"},
	{"Material transfer agreements are short documents, but they often decide who owns the improvements made later.", "材料转移协议篇幅不长，却常常决定了后续改进成果的归属。"},
	{"Proof-of-concept funds close the gap between a promising paper and a prototype that an investor can test.", "概念验证资金弥补了从一篇有前景的论文到一台可供投资人测试的样机之间的缺口。"},
	{"Technology contracts registered with the local science bureau may qualify for tax relief on the income they generate.", "在科技主管部门认定登记的技术合同，其所得收入可以依法享受相应的税收优惠。"},
	{"Confidentiality agreements should be signed before any data room is opened to a prospective licensee.", "在向潜在被许可方开放资料室之前，双方应当先签署保密协议。"},
	{"Joint development agreements need a clear rule on background and foreground intellectual property from the first day.", "联合开发协议从第一天起就要明确背景知识产权和新产生知识产权的归属规则。"},
	{"Negotiators from different legal systems often use the same words for different things, so definitions deserve time.", "来自不同法律体系的谈判者常用同一个词表达不同的含义，因此值得花时间统一定义条款。"},
	{"A patent that is not maintained in the markets where the buyer sells has little value to that buyer.", "如果专利没有在买方销售产品的市场维持有效，这件专利对买方而言几乎没有价值。"},
	{"Trainees practise by drafting a licence for a fictional {field} invention and defending each clause in a mock negotiation.", "学员以一项虚构的{field}发明为例起草许可合同，并在模拟谈判中逐条说明理由。"},
	{"Universities that report transfer income publicly tend to attract more industry partners in the following years.", "公开披露成果转化收入的高校，往往在随后几年里吸引到更多产业合作伙伴。"},
	{"Equity in a spin-off is a form of payment too, and its value depends on later financing rounds.", "以衍生企业股权作为对价同样是一种支付方式，其价值取决于后续各轮融资的情况。"},
	{"The technology manager keeps a portfolio view, dropping weak patents early to spend the budget on strong ones.", "技术经理人要有组合管理的视角，尽早放弃弱专利，把有限的预算用在强专利上。"},
	{"Market sizing for {field} starts from the customer problem, not from the number of claims in the patent.", "{field}的市场规模测算应当从客户面临的问题出发，而不是从专利权利要求的数量出发。"},
	{"Disputes over inventorship are cheaper to prevent with good laboratory notebooks than to settle in court.", "发明人身份之争，依靠规范的实验记录本来预防，远比事后诉讼的成本低。"},
	{"Greater Bay Area programmes encourage teams from {city} to pair academic inventors with experienced entrepreneurs.", "粤港澳大湾区的扶持项目鼓励{city}的团队把高校发明人与有经验的创业者结合起来。"},
	{"A sublicensing clause decides whether a start-up can pass rights on to a manufacturing partner without new consent.", "分许可条款决定了初创企业能否在不另行取得同意的情况下，把权利转给生产合作方。"},
	{"Public funders increasingly require a plan for exploiting results before they release the final grant payment.", "越来越多的公共资助方要求项目在拨付最后一笔经费之前提交成果转化计划。"},
	{"Standard-essential patents come with licensing commitments that ordinary patents do not carry.", "标准必要专利附带公平、合理、无歧视的许可承诺，这是普通专利所没有的义务。"},
	{"Good case studies record what went wrong as carefully as what worked, since failures teach more than press releases.", "好的案例既记录成功的做法，也如实记录失误，因为失败往往比新闻稿更有启发。"},
	{"Due diligence on a university invention checks ownership, encumbrances, earlier licences and any government rights.", "对高校发明开展尽职调查，要核查权属、权利负担、既有许可以及政府保留的权利。"},
	{"Milestones in a licence should be measurable, such as a first prototype, a clinical filing or a first commercial sale.", "许可合同中的里程碑应当可以衡量，例如完成首台样机、提交临床申请或实现首笔销售。"},
	{"Online sessions suit policy briefings, while negotiation practice works best in a room with the other side in view.", "政策解读适合线上授课，而谈判演练最好在面对面的课堂里进行。"},
	{"International technical trade contracts must state the governing law and the forum for resolving disputes.", "国际技术贸易合同必须约定适用的法律以及解决争议的地点和方式。"},
	{"A technology broker earns trust by understanding both the research and the buyer's production constraints.", "技术经纪人要赢得信任，既要读懂研究成果，也要了解买方的生产条件和约束。"},
	{"Post-deal management matters: royalty reports, audits and improvement clauses all need someone to follow them up.", "交易完成后的管理同样重要，提成报告、审计和改进条款都需要有专人跟进。"},
	{"Hospitals in {city} now run their own transfer offices, because clinicians are often the first to see an unmet need.", "{city}的一些医院已经设立了自己的成果转化办公室，因为临床医生往往最先发现未被满足的需求。"},
	{"Pricing a {field} patent by comparable deals works only when the comparison is honest about stage and territory.", "用可比交易为{field}专利定价，只有在如实考虑成熟度和地域差异时才站得住脚。"},
}

// fields are the areas of technology a page is about.
var fields = []text{
	{"battery materials", "电池材料"},
	{"medical imaging", "医学影像"},
	{"industrial robotics", "工业机器人"},
	{"drone navigation", "无人机导航"},
	{"gene sequencing", "基因测序"},
	{"semiconductor packaging", "半导体封装"},
	{"water treatment", "水处理"},
	{"smart grid", "智能电网"},
	{"flexible displays", "柔性显示"},
	{"biodegradable plastics", "可降解塑料"},
	{"precision agriculture", "精准农业"},
	{"marine engineering", "海洋工程"},
}

var cities = []text{
	{"Shenzhen", "深圳"},
	{"Hong Kong", "香港"},
	{"Guangzhou", "广州"},
	{"Dongguan", "东莞"},
	{"Zhuhai", "珠海"},
	{"Foshan", "佛山"},
	{"Macao", "澳门"},
	{"Huizhou", "惠州"},
}

// Invented institutions and companies, so that no real body is quoted.
var institutions = []text{
	{"Pearl River Institute of Technology", "珠江理工学院"},
	{"Lingnan Materials Laboratory", "岭南材料实验室"},
	{"Bay Area Medical Research Centre", "湾区医学研究中心"},
	{"Nanshan Robotics Institute", "南山机器人研究院"},
	{"Harbourside University", "港湾大学"},
	{"South China Semiconductor Institute", "华南半导体研究所"},
	{"Songshan Lake Research Centre", "松山湖研究中心"},
	{"Qianhai Technology Transfer Centre", "前海技术转移中心"},
}

var companies = []text{
	{"Jinhai Precision", "金海精密"},
	{"Lianchuang Medical", "联创医疗"},
	{"Haoyun Energy", "浩云能源"},
	{"Xinyu Microelectronics", "芯宇微电子"},
	{"Lanshui Environmental", "蓝水环保"},
	{"Yunfan Drones", "云帆无人机"},
	{"Hexin Genomics", "禾信基因"},
	{"Guangyao Display", "光耀显示"},
}

var courseSubjects = []text{
	{"Licensing University Inventions", "高校发明许可实务"},
	{"Evaluating S&T Achievements", "科技成果评价"},
	{"Pricing a Technology Transfer", "技术转移定价"},
	{"Patent Portfolio Management", "专利组合管理"},
	{"Negotiating Cross-Border Licences", "跨境许可谈判"},
	{"Building a Spin-off Company", "组建衍生企业"},
	{"Technology Contract Registration", "技术合同认定登记"},
	{"Freedom to Operate and Patent Searching", "自由实施与专利检索"},
	{"Proof of Concept and Prototyping", "概念验证与样机开发"},
	{"Export Control in Technology Trade", "技术贸易中的出口管制"},
	{"Joint Development Agreements", "联合开发协议"},
	{"Due Diligence on Research Results", "科研成果尽职调查"},
	{"Standard-Essential Patents", "标准必要专利"},
	{"Royalty Audits and Post-Deal Management", "提成审计与交易后管理"},
	{"Market Assessment for New Technologies", "新技术市场评估"},
	{"Incubation and Technology Brokerage", "孵化与技术经纪"},
}

var moduleTitles = []text{
	{"Reading a patent claim", "读懂专利权利要求"},
	{"Ownership and inventorship", "权属与发明人认定"},
	{"Valuation methods", "估值方法"},
	{"Drafting the term sheet", "起草条款清单"},
	{"Royalties, milestones and equity", "提成费、里程碑与股权对价"},
	{"Agreed pricing, listing and auction", "协议定价、挂牌交易与拍卖"},
	{"Export control and compliance", "出口管制与合规"},
	{"Mock negotiation", "模拟谈判"},
	{"Case clinic", "案例研讨"},
	{"Managing the deal after signature", "签约后的交易管理"},
	{"Market and customer discovery", "市场与客户发现"},
	{"Presenting to investors", "向投资人路演"},
}

var outcomes = []text{
	{"Identify who owns a research result and what rights are already granted.", "判断一项科研成果的权属以及已经授出的权利。"},
	{"Choose a pricing route that the institution's rules allow.", "选择本单位制度允许的定价方式。"},
	{"Draft a term sheet that names field, territory and exclusivity.", "起草写明实施领域、地域范围和独占程度的条款清单。"},
	{"Estimate the royalty burden on a product that needs several licences.", "估算一件需要多项许可的产品所承担的提成费负担。"},
	{"Spot export control issues before a cross-border deal is signed.", "在跨境交易签约之前发现出口管制问题。"},
	{"Explain an evaluation report and its assumptions to decision makers.", "向决策者解释评价报告及其假设条件。"},
	{"Plan the follow-up of royalties, audits and improvements after signature.", "规划签约后的提成、审计和改进成果跟进工作。"},
	{"Prepare a two-minute pitch of a technology for an investor.", "为投资人准备一段两分钟的技术路演。"},
}

var certificates = []text{
	{"Technology Manager", "技术经理人"},
	{"Registered Technology Transfer Professional (RTTP)", "注册技术转移专业人员（RTTP）"},
	{"Certificate in Technology Licensing", "技术许可结业证书"},
}

var venues = []text{
	{"Qianhai, Shenzhen", "深圳前海"},
	{"Science Park, Hong Kong", "香港科学园"},
	{"Nansha, Guangzhou", "广州南沙"},
	{"Songshan Lake, Dongguan", "东莞松山湖"},
	{"Hengqin, Zhuhai", "珠海横琴"},
	{"Online", "线上"},
}

var roles = []text{
	{"Director of Technology Transfer", "技术转移中心主任"},
	{"Patent Attorney", "专利代理师"},
	{"Senior Technology Manager", "高级技术经理人"},
	{"Professor of Innovation Management", "创新管理教授"},
	{"Investment Partner", "投资合伙人"},
	{"Licensing Counsel", "许可业务法律顾问"},
	{"Head of Industry Partnerships", "产业合作部负责人"},
}

var surnames = []text{
	{"Chen", "陈"}, {"Li", "李"}, {"Wang", "王"}, {"Zhang", "张"}, {"Liu", "刘"},
	{"Huang", "黄"}, {"Lin", "林"}, {"Zhou", "周"}, {"Wu", "吴"}, {"He", "何"},
	{"Guo", "郭"}, {"Liang", "梁"}, {"Luo", "罗"}, {"Xie", "谢"}, {"Feng", "冯"},
	{"Tang", "唐"}, {"Deng", "邓"},
}

var givenNames = []text{
	{"Wei", "伟"}, {"Min", "敏"}, {"Jing", "静"}, {"Xiaoming", "晓明"}, {"Jiaxin", "嘉欣"},
	{"Zhiqiang", "志强"}, {"Lihua", "丽华"}, {"Haiyan", "海燕"}, {"Wenbo", "文博"},
	{"Siyuan", "思远"}, {"Yating", "雅婷"}, {"Junjie", "俊杰"}, {"Qiong", "琼"},
}

// Policies are named "<place> <instrument on subject> (<year>)".
var policySubjects = []text{
	{"Promoting the Transformation of S&T Achievements", "促进科技成果转化"},
	{"Technology Contract Registration", "技术合同认定登记"},
	{"Rewards to Researchers from Transfer Income", "科技成果转化收益奖励"},
	{"Proof-of-Concept Centres", "概念验证中心建设"},
	{"Cross-Border Technology Trade", "跨境技术贸易"},
	{"Intellectual Property Pledge Financing", "知识产权质押融资"},
	{"Training Technology Managers", "技术经理人队伍建设"},
	{"Patent Management in Universities", "高等学校专利管理"},
}

// policyInstruments hold a %s for the subject.
var policyInstruments = []text{
	{"Measures on %s", "%s办法"},
	{"Provisions on %s", "关于%s的若干规定"},
	{"Guidelines for %s", "%s工作指引"},
	{"Implementing Rules on %s", "%s实施细则"},
	{"Notice on %s", "关于%s的通知"},
}

// jurisdiction describes who issues policies at one level.
type jurisdiction struct {
	key    string // as in content.Jurisdictions
	place  text
	issuer text
	number text // format with year and serial
}

var jurisdictions = []jurisdiction{
	{"international", text{"International", "国际"}, text{"Model Law Working Group on Technology Transfer", "技术转移示范规则工作组"}, text{"TT/%d/%d", "TT/%d/%d"}},
	{"national", text{"National", "国家"}, text{"Ministry of Science and Technology", "科学技术部"}, text{"Guokefa [%d] No. %d", "国科发〔%d〕%d号"}},
	{"guangdong", text{"Guangdong", "广东省"}, text{"Department of Science and Technology of Guangdong Province", "广东省科学技术厅"}, text{"Yuekegui [%d] No. %d", "粤科规〔%d〕%d号"}},
	{"shenzhen", text{"Shenzhen", "深圳市"}, text{"Shenzhen Science, Technology and Innovation Bureau", "深圳市科技创新局"}, text{"Shenkegui [%d] No. %d", "深科规〔%d〕%d号"}},
	{"hong-kong", text{"Hong Kong", "香港"}, text{"Innovation, Technology and Industry Bureau", "创新科技及工业局"}, text{"ITIB %d/%d", "创科局 %d/%d"}},
}

// topics are declared in site.toml; pages pick from them.
var topics = []struct {
	key   string
	label text
}{
	{"policy", text{"Policy and regulation", "政策法规"}},
	{"evaluation", text{"Evaluation of S&T achievements", "科技成果评价"}},
	{"ip-management", text{"Intellectual property management", "知识产权管理"}},
	{"international-trade", text{"International technical trade", "国际技术贸易"}},
	{"commercialisation", text{"Commercialisation", "成果转化与产业化"}},
	{"talent", text{"Talent development", "人才培养"}},
}
